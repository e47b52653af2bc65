import { describe, expect, test } from '@jest/globals';
import { COMMANDS } from '../../src/commands/index.js';
import { GROUP, HAZARD, KEY_PERSON, makeBoundBot, snapshot } from '../kit/testBot.js';
import { CHAT, wecomSession } from '../kit/wecomSession.js';

type Role = 'unbound' | 'own' | 'other' | 'supervisor' | 'admin';
const WHO: Record<Role, string> = {
  unbound: '路人',
  own: '张敏',
  other: '李娜',
  supervisor: '王科长',
  admin: '管理员',
};
const ROLES: Role[] = ['unbound', 'own', 'other', 'supervisor', 'admin'];
const PLACES = ['group', 'private', 'other group'] as const;
type Place = (typeof PLACES)[number];

/** Who may do what: `o` allowed, `x` refused, per role in the order of ROLES. H1 and P1 belong to 东城 (张敏). */
const MATRIX: [string, string, string?][] = [
  ['#帮助', 'ooooo'],
  ['#我', 'ooooo'],
  ['#进度', 'ooooo'],
  // a request (approved later), or a request to change unit; a supervisor needs no unit
  ['#绑定 南城', 'oooxo'],
  ['#绑定 东城', 'oooxo'],
  ['#批准', 'xxxoo'],
  ['#拒绝 路人', 'xxxoo'],
  // no claim code on offer once an admin exists: refused everywhere, and never listed
  ['#认领 123456', 'xxxxx'],
  ['#隐患\n类别：二.4\n情况：x\n措施：y\n时限：9月5日', 'xooxx'],
  // a supervisor logs for a unit named on a 单位： line (issue 18); a caseworker only for their own
  ['#隐患\n单位：东城\n类别：二.4\n情况：x\n措施：y\n时限：9月5日', 'xoxox'],
  ['#整改 H1 整改中', 'xoxox'],
  ['#修改 H1\n措施：每日核查', 'xoxox'],
  ['#删除 H1 重复', 'xoxox'],
  ['#台账', 'xooox'],
  ['#台账 东城', 'xoxox'],
  ['#逾期', 'xooox'],
  ['#历史 H1', 'xoxox'],
  ['#重点人员\n姓名：赵某\n性别：女\n矫正类型：缓刑\n类型：涉毒\n管控措施：每周走访', 'xooxx'],
  ['#重点人员列表', 'xooox'],
  // key-person detail: never in a group
  ['#重点人员列表 P1', 'xoxox', 'xoxox'],
  ['#历史 P1', 'xoxox', 'xxxxx'],
  ['#修改 P1\n风险：无', 'xoxox'],
  ['#走访 3', 'xooxx'],
  ['#更正 走访 -1 重复', 'xooxx'],
  ['#应收未收 0', 'xooxx'],
  ['#定位 10 9', 'xooxx'],
  ['#上报 台账', 'xooxx'],
  ['#统计', 'xooox'],
  // a caseworker gets their own unit's form privately (asked in the group too); 附件1 never posted to a group
  ['#导出 统计', 'xooox'],
  ['#导出 台账', 'xooox', 'xooxx'],
  ['#导出 台账 东城', 'xoxox', 'xoxxx'],
  ['#导出 重点人员', 'xxxox', 'xxxxx'],
  // a ledger file is taken, previewed and confirmed in private only (it may hold key persons)
  ['#导入', 'xooox', 'xxxxx'],
  ['#确认导入', 'xooox', 'xxxxx'],
  // the summary quotes hazard texts: private only; a caseworker gets their own unit's
  ['#总结', 'xooox', 'xxxxx'],
  ['#类别', 'ooooo'],
  ['#撤销', 'xooox'],
  ['#佐证 H1', 'xoxox'],
  ['#核验 H1 通过', 'xxxox'],
  ['#待核验', 'xxxox'],
  ['#抽查 1', 'xxxox'],
  ['#提醒计划', 'xxxoo'],
  ['#解绑 李娜', 'xxxxo'],
  // the group's chatid, for the campaign file: groups only, admins only
  ['#群号', 'xxxxx', 'xxxxo'],
];

/** The one command answered in a group the campaign does not list (to admins): it is how a group gets listed. */
const SETS_UP_GROUPS = '#群号';

/** The refusals of an access rule (an allowed command may still mention 私聊 or binding, as help does). */
const REFUSED = /不能填报|请先发送：#绑定|仅限|不能|只能|不需要|联系管理员|含敏感信息|涉及敏感/;

describe('access control matrix: every command × role × place', () => {
  const cases: [string, Role, Place, 'o' | 'x' | '-'][] = [];
  for (const [cmd, privateRow, groupRow] of MATRIX)
    ROLES.forEach((role, i) => {
      cases.push([cmd, role, 'private', privateRow[i] as 'o' | 'x']);
      cases.push([cmd, role, 'group', ((groupRow ?? privateRow)[i] ?? 'x') as 'o' | 'x']);
      cases.push([cmd, role, 'other group', cmd === SETS_UP_GROUPS && role === 'admin' ? 'o' : '-']);
    });

  test.each(cases)('%s by %s in %s → %s', async (cmd, role, place, expected) => {
    const bot = await makeBoundBot();
    await bot.say('路人', '大家好'); // a member of the work group, bound to nothing (not a stranger)
    await bot.say('张敏', '#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：9月5日');
    await bot.say('张敏', KEY_PERSON, null);
    await bot.say('张敏', '#走访 5');
    await bot.say('李娜', '#走访 5');
    const before = snapshot(bot);
    const room = place === 'group' ? GROUP : place === 'private' ? null : '别的群';
    const out = await bot.send(WHO[role], cmd, room);
    const text = out.map((o) => ('text' in o.reply ? o.reply.text : '[file]')).join('\n');
    if (expected === '-') {
      expect(out).toEqual([]);
      expect(snapshot(bot)).toBe(before);
    } else if (expected === 'x') {
      expect(text).toMatch(REFUSED);
      expect(snapshot(bot)).toBe(before);
    } else {
      expect(out.length).toBeGreaterThan(0);
      expect(text).not.toMatch(REFUSED);
    }
    await bot.close();
  });
});

/** The command a matrix row uses. */
const nameOf = (cmd: string) => (cmd.split(/[\s\n]/)[0] ?? '').slice(1);

describe('#帮助 lists exactly what the same table allows', () => {
  test('each command is registered once (#帮助 lists it once)', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('every registered command has a row in the matrix', () => {
    const rows = new Set(MATRIX.map(([cmd]) => nameOf(cmd)));
    expect(COMMANDS.map((c) => c.name).filter((n) => !rows.has(n))).toEqual([]);
  });

  // `other` has the caseworker role too: it differs from `own` in whose records it touches, not in its commands
  const cases: [Role, 'group' | 'private'][] = ROLES.filter((r) => r !== 'other').flatMap((r) =>
    (['group', 'private'] as const).map((p): [Role, 'group' | 'private'] => [r, p]),
  );
  test.each(cases)('%s in %s', async (role, place) => {
    const bot = await makeBoundBot();
    await bot.say('路人', '大家好');
    const text = await bot.say(WHO[role], '#帮助', place === 'group' ? GROUP : null);
    const listed = new Set([...text.matchAll(/^#(\S+) {2}/gm)].map((m) => m[1]));
    const i = ROLES.indexOf(role);
    for (const name of new Set(MATRIX.map(([cmd]) => nameOf(cmd)))) {
      const marks = MATRIX.filter(([cmd]) => nameOf(cmd) === name).map(([, priv, group]) =>
        place === 'private' ? priv[i] : (group ?? priv)[i],
      );
      // listed: some use of it is allowed here; not listed: every use is refused here
      if (listed.has(name)) expect([name, marks.includes('o')]).toEqual([name, true]);
      else expect([name, marks.every((m) => m === 'x')]).toEqual([name, true]);
    }
    await bot.close();
  });
});

/** Approval: who is told of a request, and who may approve it how; notice and reply both state what it grants. */
const APPROVALS: [
  request: string,
  grants: RegExp,
  toldTo: string[],
  [approver: Role, by: 'name' | 'number', ok: boolean][],
][] = [
  [
    '#绑定 南城',
    /南城司法所/,
    ['管理员', '王科长'],
    [
      ['supervisor', 'name', true],
      ['supervisor', 'number', true],
      ['admin', 'name', true],
      ['admin', 'number', true],
      ['own', 'number', false],
    ],
  ],
  [
    '#绑定 督导',
    /督导人员（角色：/,
    ['管理员'],
    [
      ['supervisor', 'number', false],
      ['admin', 'name', false],
      ['admin', 'number', true],
    ],
  ],
  [
    '#绑定 管理员',
    /管理员（角色：/,
    ['管理员'],
    [
      ['supervisor', 'number', false],
      ['supervisor', 'name', false],
      ['admin', 'name', false],
      ['admin', 'number', true],
    ],
  ],
];

describe('approval matrix: request kind × approver × by name or number', () => {
  const cases = APPROVALS.flatMap(([request, grants, toldTo, rows]) =>
    rows.map(([approver, by, ok]) => [request, approver, by, ok, grants, toldTo] as const),
  );
  test.each(cases)('%s approved by %s by %s → %s', async (request, approver, by, ok, grants, toldTo) => {
    const bot = await makeBoundBot();
    await bot.say('路人', '大家好');
    const filed = await bot.send('路人', request, null);
    const notices = filed.filter((o) => o.inReplyTo === undefined);
    expect(notices.map((o) => o.to)).toEqual(toldTo.map((person) => ({ person })));
    for (const n of notices)
      expect('text' in n.reply && n.reply.text).toMatch(new RegExp(`申请绑定：${grants.source}`));
    const no = bot.store.state.requests.路人?.no;
    const before = snapshot(bot);
    const reply = await bot.say(WHO[approver], `#批准 ${by === 'name' ? '路人' : no}`, null);
    if (ok) {
      expect(reply).toMatch(new RegExp(`^已批准：路人 → ${grants.source}`));
      expect(bot.store.state.requests.路人).toBeUndefined();
    } else {
      expect(reply).not.toMatch(/已批准/);
      expect(snapshot(bot)).toBe(before);
    }
    await bot.close();
  });
});

/** The same people on 企业微信, by userid (`luren` is on no roster: unbound). */
const USERID: Record<Role, string> = {
  unbound: 'luren',
  own: 'zhangmin',
  other: 'lina',
  supervisor: 'wangke',
  admin: 'admin01',
};

/**
 * A button runs its command as the clicker: the same row of the matrix decides. Cards: #待核验's
 * 通过 (a supervisor's card, in the group or in private) and #批准's 批准/拒绝 (private only: the
 * listing names requesters).
 */
describe('access control matrix: button clicks on 企业微信 follow the typed rows', () => {
  const BUTTONS = [
    { row: '#核验 H1 通过', label: '通过', places: ['group', 'private'] as const },
    { row: '#批准', label: '批准 1', places: ['private'] as const },
    { row: '#拒绝 路人', label: '拒绝 1', places: ['private'] as const },
  ];
  const cases = BUTTONS.flatMap((b) =>
    b.places.flatMap((place) =>
      ROLES.map((role, i): [string, Role, string, 'o' | 'x'] => {
        const row = MATRIX.find(([cmd]) => cmd === b.row) as [string, string];
        return [b.label, role, place, row[1][i] as 'o' | 'x'];
      }),
    ),
  );

  test.each(cases)('%s clicked by %s in %s → %s', async (label, role, place, expected) => {
    const s = await wecomSession();
    try {
      const room = place === 'group' ? CHAT : undefined;
      await s.ask('h1', 'zhangmin', HAZARD, CHAT);
      await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈', CHAT);
      await s.ask('r1', 'wuqiang', '#绑定 南城司法所', CHAT);
      const from = s.server.frames.length;
      if (label === '通过') await s.ask('l1', 'wangke', '#待核验', room);
      else await s.ask('l1', 'admin01', '#批准');
      const [card] = await s.server.until(() => s.server.cards(from).length > 0 && s.server.cards(from));
      const tc = card?.body.template_card;
      const key = tc.button_list.find((b: { text: string }) => b.text === label).key;
      const before = JSON.stringify(s.app.deps.store.state);
      const at = s.server.frames.length;
      const req = s.server.click('c1', USERID[role], tc.task_id, key, room);
      if (expected === 'o') {
        await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req);
        expect(JSON.stringify(s.app.deps.store.state)).not.toBe(before);
      } else {
        const told = await s.server.frame(
          (f) => f.cmd === 'aibot_send_msg' && f.body?.msgtype === 'markdown',
          at,
        );
        expect(told.body.markdown.content).toMatch(REFUSED);
        expect(JSON.stringify(s.app.deps.store.state)).toBe(before);
        expect(s.server.frames.filter((f) => f.cmd === 'aibot_respond_update_msg')).toEqual([]);
      }
    } finally {
      await s.close();
    }
  });
});
