import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const BIN = (name: string) => join(process.cwd(), 'dist', 'src', 'bin', `${name}.js`);

/** `npm start` as an operator runs it, with no network needed: a bad campaign stops it before any login. */
function start(campaign: string) {
  const dir = tempDir('jz-start-');
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  for (const k of Object.keys(env)) if (k.startsWith('WECOM')) delete env[k];
  return spawnSync(process.execPath, [BIN('start'), '--campaign', campaign, '--data', join(dir, 'data')], {
    encoding: 'utf8',
    cwd: dir,
    env,
    timeout: 60_000,
  });
}

/** zod's own English, which an operator must never be left to read alone. */
const ZOD_ENGLISH = /Invalid input|expected \w+, received|Unrecognized key|Too small|Too big/;

describe('issue 18: every start-up message about the campaign file is Chinese first', () => {
  test('a missing file: 找不到活动配置文件, and how to point at or create one', () => {
    const path = join(tempDir(), 'campaign.json');
    const r = start(path);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `启动失败：找不到活动配置文件 ${path}。请用 --campaign 文件路径 指定，或复制本仓库的 data/campaign.json 改成本次活动（写法见 README“配置一次活动”）。`,
    );
    expect(r.stderr).not.toMatch(/ENOENT/);
  });

  test('a bad file lists every problem, each saying in Chinese which field and what is wrong', () => {
    const c = JSON.parse(readFileSync(SHIPPED_CAMPAIGN, 'utf8'));
    delete c.phases;
    c.deadlines.hazards = '9月6日';
    c.reminders.daysBefore = [1.5];
    c.exportRetentionHours = '一天';
    c.groups = [3];
    c.unitz = [];
    const path = join(tempDir(), 'campaign.json');
    writeFileSync(path, JSON.stringify(c, null, 2));
    const r = start(path);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `启动失败：活动配置文件 ${path} 有 6 处问题，请逐条改正后再启动（各字段的写法见 README“配置一次活动”）：`,
    );
    expect(lines.slice(1).sort()).toEqual(
      [
        '  - phases（阶段）缺失：应为列表（[ … ]）',
        '  - deadlines.hazards（附件1（隐患台账）截止日期）：日期格式应为 YYYY-MM-DD',
        '  - reminders.daysBefore[0]（截止前几天提醒的第1项）类型不对：应为整数',
        '  - exportRetentionHours（导出文件保留小时数）类型不对：应为数字',
        '  - groups[0]（第1个工作群）：应为群名（文字），或 { "name": 群名, "chatid": 企业微信群号, "units": [单位…] }',
        '  - 整个文件：有不认识的字段 “unitz”（拼写有误？可用字段见 README“配置一次活动”）',
      ].sort(),
    );
    expect(r.stderr).not.toMatch(ZOD_ENGLISH);
  });

  test('a file that is not JSON names the line and the likely slip before the parser’s words', () => {
    const path = join(tempDir(), 'campaign.json');
    writeFileSync(path, '{\n  "name": "x",\n  "units": ["东城司法所",]\n}\n');
    const r = start(path);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^启动失败：活动配置文件 \S+ 不是有效的 JSON：第 3 行附近最后一项后面多了逗号。（解析器原文：/,
    );
  });
});
