import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Store } from '../../src/store/Store.js';
import { SEED_HAZARD_HEADER } from '../import/ledgerFiles.js';
import { makeBoundBot, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const bin = (name: string) => join(process.cwd(), 'dist', 'src', 'bin', `${name}.js`);

function run(name: string, args: string[]) {
  return spawnSync(process.execPath, [bin(name), ...args], { encoding: 'utf8' });
}

/** Every file under `dir` with the sha256 of its bytes. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('npm run import', () => {
  test('previews without storing; --yes stores the rows as one change', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(SEED_HAZARD_HEADER);
    ws.addRow([1, '二.4', '情况一', '措施', '东城司法所', '张敏', '2022-09-30', '未整改']);
    ws.addRow([2, '二.5', '情况二', '措施', '东城司法所', '张敏', '国庆节前', '未整改']);
    const file = join(dir, '台账.xlsx');
    await wb.xlsx.writeFile(file);
    const data = join(dir, 'data');
    const args = ['--unit', '东城', '--campaign', SHIPPED_CAMPAIGN, '--data', data, file];
    const preview = run('import', args);
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain('1 条可导入，1 条有问题（第 3 行：时限“国庆节前”不是有效日期');
    expect(preview.stdout).toContain('加 --yes 再运行');
    let store = await Store.open(data);
    expect(store.state.hazards).toHaveLength(0);
    await store.close();
    const done = run('import', [...args, '--yes']);
    expect(done.stdout).toContain('已导入 1 条附件1 风险隐患台账记录到 东城司法所（H1）');
    store = await Store.open(data);
    expect(store.state.hazards.map((h) => h.situation)).toEqual(['情况一']);
    await store.close();
    const bad = run('import', [
      '--unit',
      '东城',
      '--campaign',
      SHIPPED_CAMPAIGN,
      '--data',
      data,
      join(dir, 'missing.xlsx'),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('找不到文件');
  });
});

describe('npm run new-campaign', () => {
  test('carries open and unverified hazards and every key person with their old numbers; the old folder is not changed', async () => {
    const parent = tempDir();
    const a = await makeBoundBot({ dir: parent });
    const hz = (s: string, extra = '') =>
      a.say('张敏', `#隐患\n类别：二.4\n情况：${s}\n措施：约谈\n时限：9月30日${extra}`, null);
    await hz('未整改的'); // H1
    await hz('已整改已销账的'); // H2
    await hz('已整改待核验的'); // H3
    await hz('删掉的'); // H4
    await hz('整改中的', '\n状态：整改中'); // H5
    await a.say('张敏', '#整改 H2 已整改 已约谈', null);
    await a.say('王科长', '#核验 H2 通过', null);
    await a.say('张敏', '#整改 H3 已整改 已约谈', null);
    await a.say('张敏', '#删除 H4 重复', null);
    await a.say(
      '张敏',
      '#重点人员\n姓名：刘某某\n性别：男\n矫正类型：缓刑\n类型：涉毒\n管控措施：每周走访',
      null,
    );
    expect(a.store.state.hazards[1]?.verified).toBeTruthy();
    await a.close();
    const old = join(parent, 'data');
    const before = hashes(old);
    const data = join(tempDir(), 'data');
    const r = run('newCampaign', ['--from', old, '--campaign', SHIPPED_CAMPAIGN, '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('已接续：未销账的隐患 3 条，重点人员 1 条');
    expect(hashes(old)).toEqual(before);
    const b = await makeBoundBot({ dir: join(data, '..') });
    expect(b.store.state.hazards.map((h) => [h.id, h.situation, h.status])).toEqual([
      [1, '未整改的', '未整改'],
      [2, '已整改待核验的', '已整改'],
      [3, '整改中的', '整改中'],
    ]);
    expect(b.store.state.keyPersons.map((p) => p.name)).toEqual(['刘某某']);
    expect(await b.say('张敏', '#历史 H2', null)).toContain(`接续上一期的 H3（数据目录“${old}”）`);
    expect(await b.say('张敏', '#历史 P1', null)).toContain('接续上一期的 P1');
    await b.close();
    // a folder that already holds data is refused and left as it was
    const again = run('newCampaign', ['--from', old, '--campaign', SHIPPED_CAMPAIGN, '--data', data]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('已有数据');
  });

  test('names a group must not read stay masked in the new campaign: a former name, and a person not carried', async () => {
    const parent = tempDir();
    const a = await makeBoundBot({ dir: parent });
    const person = (name: string) =>
      `#重点人员\n姓名：${name}\n性别：男\n矫正类型：缓刑\n类型：涉毒\n罪名：贩卖毒品罪\n管控措施：每周走访`;
    await a.say('张敏', person('刘建华'), null); // P1, renamed below
    await a.say('张敏', person('赵国强'), null); // P2, 删除 below: not carried
    await a.say('张敏', '#修改 P1\n姓名：刘剑华', null);
    await a.say('张敏', '#删除 P2 已解矫', null);
    await a.say('张敏', '#隐患\n类别：二.4\n情况：刘建华、赵国强未按时报到\n措施：约谈\n时限：9月30日', null);
    await a.close();
    const old = join(parent, 'data');
    const data = join(tempDir(), 'data');
    const r = run('newCampaign', ['--from', old, '--campaign', SHIPPED_CAMPAIGN, '--data', data]);
    expect(r.stderr).toBe('');
    const b = await makeBoundBot({ dir: join(data, '..') });
    expect(b.store.state.keyPersons.map((p) => p.name)).toEqual(['刘剑华']);
    // in the group, the carried hazard names neither of them
    const ledger = await b.say('张敏', '#台账');
    expect(ledger).toContain('H1');
    expect(ledger).not.toMatch(/刘建华|赵国强|刘剑华/);
    await b.close();
    // and so after a restart of the new folder
    const c = await makeBoundBot({ dir: join(data, '..') });
    expect(await c.say('张敏', '#台账')).not.toMatch(/刘建华|赵国强/);
    await c.close();
  });
});
