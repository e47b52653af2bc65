import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { HEALTH_TERMS, KEY_TYPES } from '../../src/domain/catalog.js';
import { cellsOf, GROUP, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');

type Line = Record<string, unknown>;

function person(name: string, types: string, crime: string): string {
  return `#重点人员\n姓名：${name}\n性别：男\n矫正类型：暂予监外执行\n类型：${types}\n罪名：${crime}\n刑期：有期徒刑三年六个月\n矫正期限：2022-03-01至2024-02-29\n管控措施：每周走访`;
}

function hazard(category: string, situation: string, deadline: string): string {
  return `#隐患\n类别：${category}\n情况：${situation}\n措施：督促按期复查，每日电话核查\n时限：${deadline}\n状态：整改中`;
}

describe('a whole campaign through simulate: key persons never reach a group', () => {
  test('names (current, former, spaced), crimes and health terms: in no group text and no file posted to a group', async () => {
    const dir = tempDir('jz-simpriv-');
    const campaignFile = join(dir, 'campaign.json');
    // Exports kept 90 days so this test can open every file the run posted.
    const shipped = JSON.parse(readFileSync(SHIPPED_CAMPAIGN, 'utf8'));
    writeFileSync(campaignFile, JSON.stringify({ ...shipped, exportRetentionHours: 24 * 90 }));
    const t = (day: string, hm: string) => `2022-${day}T${hm}:00+08:00`;
    const g = (at: string, from: string, text: string): Line => ({ at, room: GROUP, from, text });
    const p = (at: string, from: string, text: string): Line => ({ at, from, text });
    const lines: Line[] = [
      g(t('08-05', '09:00'), '张敏', '#绑定 东城司法所'),
      g(t('08-05', '09:01'), '李娜', '#绑定 西城司法所'),
      p(t('08-05', '09:02'), '管理员', '#批准 张敏'),
      p(t('08-05', '09:02'), '管理员', '#批准 李娜'),
      p(t('08-05', '09:10'), '张敏', person('刘建华', '患艾、身体有重病', '贩卖毒品罪')),
      p(t('08-05', '09:11'), '张敏', person('马 强', '精神有异常', '故意伤害罪')),
      p(t('08-05', '09:12'), '李娜', person('欧阳小明', '涉毒', '非法持有毒品罪')),
      p(t('08-05', '09:13'), '张敏', '#修改 P1\n姓名：刘剑华'),
      g(
        t('08-05', '09:20'),
        '张敏',
        hazard('二.5', '社区矫正对象刘建华病情复查逾期未做，系艾滋病病毒感染者', '8月20日'),
      ),
      g(
        t('08-05', '09:21'),
        '张敏',
        hazard('二.1', '马强（故意伤害罪）近期与家人冲突，走访记录不全', '8月25日'),
      ),
      g(
        t('08-05', '09:22'),
        '李娜',
        hazard('二.4', '欧阳 小明请假超时2天未销假，涉嫌吸毒，非法持有毒品罪缓刑期间', '8月18日'),
      ),
      g(t('08-06', '10:00'), '张敏', '#修改 H1\n情况：经查刘剑华（原名刘建华）已于8月5日完成复查'),
      g(t('08-06', '10:01'), '张敏', '#台账'),
      g(t('08-06', '10:02'), '李娜', '#台账'),
      g(t('08-06', '10:03'), '张敏', '#历史 H1'),
      g(t('08-06', '10:04'), '张敏', '#重点人员列表'),
      g(t('08-06', '10:05'), '张敏', '#重点人员列表 P1'),
      g(t('08-06', '10:06'), '张敏', '#帮助 重点人员'),
      g(t('08-06', '10:07'), '王科长', '#台账 东城'),
      g(t('08-06', '10:08'), '王科长', '#导出 台账'),
      g(t('08-06', '10:09'), '王科长', '#导出 重点人员'),
      g(t('08-06', '10:10'), '王科长', '#统计'),
      // guesses: a field name, a unit, a command, all shaped like a name
      g(t('08-06', '10:11'), '路人甲', '#绑定 刘建华'),
      g(t('08-06', '10:12'), '路人甲', '#刘建华'),
      g(t('08-06', '10:13'), '张敏', `${hazard('二.1', '某事', '9月1日')}\n刘建华：1`),
      g(t('08-06', '10:14'), '张敏', person('刘建华', '贩卖毒品罪', '贩卖毒品罪')),
      g(t('08-06', '10:15'), '张敏', '#删除 H2 马强已解除矫正'),
      g(t('08-06', '10:16'), '张敏', '#历史 H2'),
      { at: t('08-30', '10:00'), tick: true },
      g(t('08-30', '10:05'), '王科长', '#统计'),
      { at: t('10-10', '10:00'), tick: true },
    ];
    const transcript = join(dir, 'transcript.jsonl');
    writeFileSync(transcript, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = spawnSync(
      process.execPath,
      [
        SIMULATE,
        '--campaign',
        campaignFile,
        '--data',
        join(dir, 'data'),
        '--files',
        join(dir, 'files'),
        transcript,
      ],
      { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } },
    );
    expect(r.stderr).not.toMatch(/Error|failed/);
    expect(r.status).toBe(0);
    const out = r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);
    const group = out.filter((o) => o.room === GROUP);
    const texts = group.filter((o) => typeof o.text === 'string').map((o) => String(o.text));
    const files = group.filter((o) => typeof o.file === 'string').map((o) => String(o.file));

    const secrets = [
      ...['刘建华', '刘剑华', '刘建', '刘剑', '马强', '马 强', '欧阳小明', '欧阳 小明', '欧阳'],
      ...['贩卖毒品罪', '故意伤害罪', '非法持有毒品罪', '有期徒刑三年六个月'],
      ...HEALTH_TERMS,
    ];
    const help = texts.find((x) => x.startsWith('#重点人员：')) ?? '';
    // The catalog's words are never masked: help in the group lists every type by name.
    for (const type of KEY_TYPES) expect(help).toContain(type);
    // …and its template's example stays as written, though 欧阳小明's crime is that very 非法持有毒品罪.
    expect(help).toContain('罪名：非法持有毒品罪');
    // Help and the template under a refusal are the catalog's own text (checked above): left out here.
    const all = texts
      .filter((x) => x !== help)
      .map((x) => x.split('请复制后修改再发送：')[0])
      .join('\n');
    for (const s of secrets)
      expect({ secret: s, found: all.includes(s) }).toEqual({ secret: s, found: false });
    // Type names only where the catalog itself lists them (help and the list of valid types).
    const freeText = texts.filter((x) => x !== help && !x.includes('可选（可多选')).join('\n');
    for (const s of KEY_TYPES)
      expect({ type: s, found: freeText.includes(s) }).toEqual({ type: s, found: false });
    expect(all).toContain('刘*华');
    expect(all).toMatch(/H1 二\.5/);
    expect(all).toMatch(/【整改提醒】/);

    // Files posted to the group: 附件3 only, and nothing about a person in them.
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      expect(f).toMatch(/附件3-/);
      const cells = await cellsOf(f);
      for (const s of [...secrets, ...KEY_TYPES])
        expect({ file: f, s, found: cells.includes(s) }).toMatchObject({ found: false });
    }
  });
});
