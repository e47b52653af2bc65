import { GROUP, makeBoundBot, type TestBot } from './testBot.js';

/** What no summary or chart may show: the key persons' names, crimes, and the health words of their types. */
export const SECRETS = {
  names: ['欧阳翠花', '司马建国'],
  crimes: ['贩卖毒品罪', '故意伤害罪'],
  /** typed into a hazard's 情况 and a 无法整改 reason: free text quoting a key person */
  quotes: ['欧阳翠花', '司马建国'],
};

/**
 * A campaign in mid-course, driven through the real bot by the commands people type: hazards in
 * several categories and every status, verified, returned twice, 重大, 无法整改 with a reason; two
 * key persons (one 患艾 and 精神有异常); figures; 上报 on time and late; a 抽查.
 */
export async function campaignInProgress(): Promise<TestBot> {
  const b = await makeBoundBot({ at: '2022-08-05T09:00:00+08:00' });
  const log: string[] = [];
  const ok = async (from: string, text: string, room: string | null = GROUP) => {
    log.push(`${from}: ${text}\n→ ${await b.say(from, text, room)}`);
  };
  const hazard = (cat: string, situation: string, status: string, extra = '') =>
    `#隐患\n类别：${cat}\n情况：${situation}\n措施：约谈训诫\n时限：9月5日\n状态：${status}${extra}`;
  await ok(
    '张敏',
    `#重点人员\n姓名：${SECRETS.names[0]}\n性别：女\n矫正类型：缓刑\n类型：患艾、精神有异常\n罪名：${SECRETS.crimes[0]}\n刑期：有期徒刑一年\n管控措施：每周走访`,
    null,
  );
  await ok(
    '李娜',
    `#重点人员\n姓名：${SECRETS.names[1]}\n性别：男\n矫正类型：假释\n类型：涉毒、经济有纠纷\n罪名：${SECRETS.crimes[1]}\n刑期：有期徒刑二年\n管控措施：手机定位`,
    null,
  );
  await ok('张敏', hazard('二.4', `${SECRETS.quotes[0]}请假超时2天`, '未整改'));
  await ok('张敏', hazard('二.4', '社区矫正对象请假超时1天', '整改中'));
  await ok('李娜', hazard('二.4', '请假审批不严', '未整改', '\n重大：是'));
  await ok('李娜', hazard('二.1', '走访记录不全', '整改中'));
  await ok('张敏', hazard('三.1', '教育形式单一', '整改中'));
  await ok('张敏', '#上报 重点人员');
  await b.advance('2022-08-12T10:00:00+08:00');
  await ok('李娜', '#上报 重点人员');
  await ok('张敏', '#整改 H2 已整改 已约谈并补办销假');
  await ok('王科长', '#核验 H2 退回 材料不全');
  await ok('张敏', '#整改 H2 已整改 已补齐材料');
  await ok('王科长', '#核验 H2 退回 仍缺签字');
  await ok('张敏', '#整改 H2 已整改 已签字');
  await ok('王科长', '#核验 H2 通过');
  await ok('李娜', '#整改 H4 已整改 已补记录');
  await ok('李娜', `#整改 H3 无法整改 ${SECRETS.quotes[1]}长期外出务工无法联系`);
  await ok('张敏', '#走访 12 教育 5 帮扶 2 惩处 1');
  await ok('李娜', '#走访 7 教育 3');
  await ok('张敏', '#应收未收 0');
  await ok('张敏', '#脱管 0');
  await ok('张敏', '#定位 30 29');
  await ok('李娜', '#应收未收 1');
  await ok('李娜', '#脱管 0');
  await ok('李娜', '#定位 20 18');
  await b.advance('2022-09-02T10:00:00+08:00');
  await ok('张敏', '#上报 台账');
  await ok('王科长', '#抽查 1', null);
  await b.advance('2022-09-07T10:00:00+08:00');
  await ok('李娜', '#上报 台账');
  await ok('张敏', '#上报 统计');
  await ok('李娜', '#上报 统计');
  await b.advance('2022-09-12T10:00:00+08:00');
  // the commands above must all have taken: a typo in this kit would make every test pass on nothing
  const s = b.store.state;
  const shape = [s.hazards.length, s.keyPersons.length, s.submissions.length, s.spotChecks?.length ?? 0];
  if (shape.join() !== '5,2,6,1') throw new Error(`campaign kit did not take (${shape}):\n${log.join('\n')}`);
  return b;
}
