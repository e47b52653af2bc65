import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { COMMANDS } from '../../src/commands/index.js';
import { parseCampaign } from '../../src/config/campaign.js';
import { STAT_COLUMNS } from '../../src/reports/statisticsSheet.js';

const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8');

/** The text of a `## ` section, up to the next one. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`README has no section “${title}”`);
  const next = README.indexOf('\n## ', start + 4);
  return README.slice(start, next < 0 ? undefined : next);
}

const blocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');

describe('README, the front door', () => {
  test('the install heading counts the set-up commands its block lists; npm test is said to be a check', () => {
    const heading = /\n## (.*)\n/.exec(README.slice(README.indexOf('\n## ')))?.[1] ?? '';
    const install = section(heading);
    const commands = (blocks(install, 'bash')[0] ?? '').split('\n').filter((l) => /^npm /.test(l));
    const counted = /([一二两三四五]|\d)\s*条命令/.exec(heading);
    if (counted) {
      const n = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 }[counted[1] as '两'] ?? Number(counted[1]);
      expect({ heading, commands: commands.length }).toEqual({ heading, commands: n });
    }
    expect(commands.some((c) => c.startsWith('npm test'))).toBe(false);
    expect(install).toMatch(/npm test[^\n]*(检查|不是安装)/);
  });

  test('which transport npm start picks is said once, and the Wechaty section does not contradict it', () => {
    const rule =
      /设了 `BOT_TRANSPORT`[^\n]*WECOM_BOT_ID[^\n]*WECOM_BOT_SECRET[^\n]*企业微信[^\n]*否则[^\n]*Wechaty/;
    expect(README).toMatch(rule);
    expect(section('登录微信')).not.toMatch(/^`npm start` 使用 Wechaty/m);
    expect(README).not.toMatch(/then `npm start` \(Wechaty/);
  });

  test('the campaign examples are valid files: one for 企业微信 with userids and chatids, one for the console', () => {
    const json = blocks(section('配置一次活动'), 'json').map((b) => JSON.parse(b));
    expect(json.length).toBeGreaterThanOrEqual(2);
    const campaigns = json.map((c) => parseCampaign(c, 'README'));
    const wecom = campaigns.find((c) => c.groups.some((g) => g.key !== g.name));
    expect(wecom).toBeDefined();
    for (const g of wecom?.groups ?? []) expect(g.key).toMatch(/^wr[\w-]+$/);
    for (const k of [...(wecom?.admins ?? []), ...(wecom?.supervisors ?? [])])
      expect(k).toMatch(/^[A-Za-z0-9_.-]+$/);
    const consoleOne = campaigns.find((c) => c.groups.every((g) => g.key === g.name));
    expect(consoleOne?.supervisors).toContain('王科长');
  });

  test('every 附件3 column is matched to the command that fills it', () => {
    const text = section('群里怎么用（摘要，完整命令见 `#帮助`）');
    const after = text.slice(text.indexOf('附件3 各列')).split('\n');
    // the table's title line and its rows, up to the first line after them that is not a row
    const start = after.findIndex((l) => l.startsWith('|'));
    const end = after.findIndex((l, i) => i > start && !l.startsWith('|'));
    const table = after.slice(0, end < 0 ? undefined : end).join('\n');
    for (const col of STAT_COLUMNS.slice(1))
      expect({ col: col.header, said: table.includes(col.header) }).toEqual({ col: col.header, said: true });
    for (const cmd of [
      '#隐患',
      '#整改',
      '#重点人员',
      '#走访',
      '#教育',
      '#帮扶',
      '#惩处',
      '#应收未收',
      '#脱管',
      '#定位',
      '#更正',
      '#上报 统计',
    ])
      expect({ cmd, said: table.includes(cmd) }).toEqual({ cmd, said: true });
    // every command named there exists
    const names = new Set(COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
    for (const m of table.matchAll(/`#(\S+?)[`\s]/g))
      expect({ cmd: m[1], known: names.has(m[1] ?? '') }).toEqual({ cmd: m[1], known: true });
  });
});
