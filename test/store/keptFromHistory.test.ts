import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { returnCounts } from '../../src/reports/returnCounts.js';
import { DataFileError } from '../../src/store/DataFileError.js';
import { AUDIT_DIR, SNAPSHOT_FILE } from '../../src/store/Store.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { makeBoundBot, tempDir } from '../kit/testBot.js';

const keyPerson = (name: string) =>
  `#重点人员\n姓名：${name}\n性别：男\n矫正类型：缓刑\n类型：涉毒\n罪名：贩卖毒品罪\n刑期：有期徒刑三年六个月\n矫正期限：2022-03-01至2024-02-29\n管控措施：每周走访`;
const hazard = (situation: string) =>
  `#隐患\n类别：二.5\n情况：${situation}\n措施：督促复查\n时限：9月5日\n状态：整改中`;

/** A data folder where 张敏 renamed P1 刘建华 → 刘剑华 and 王科长 drew a 抽查, all folded into store.json and audit/. */
async function folder(): Promise<string> {
  const dir = tempDir();
  const bot = await makeBoundBot({ dir });
  await bot.say('张敏', keyPerson('刘建华'), null);
  await bot.say('张敏', '#修改 P1\n姓名：刘剑华', null);
  await bot.say('张敏', hazard('谈话记录不全'));
  await bot.say('张敏', '#整改 H1 已整改 已补记录');
  expect(await bot.say('王科长', '#抽查 1', null)).toMatch(/^已抽查/);
  // H1 sent back twice; a hazard keeps only its last 退回
  for (const why of ['未见记录', '记录不全']) {
    expect(await bot.say('王科长', `#核验 H1 退回 ${why}`, null)).toMatch(/^已退回 H1/);
    await bot.say('张敏', '#整改 H1 已整改 已补记录');
  }
  await bot.close();
  return dir;
}

const data = (dir: string, ...path: string[]) => join(dir, 'data', ...path);

/** The group's #台账 after a restart, with a hazard naming both names. */
async function ledgerAfterRestart(dir: string) {
  const bot = await makeBoundBot({ dir });
  await bot.say('张敏', hazard('刘建华（现名刘剑华）未按时报到'));
  const ledger = await bot.say('张敏', '#台账');
  const spotChecks = bot.store.state.spotChecks ?? [];
  const returns = returnCounts(bot.store.state);
  await bot.close();
  return { ledger, spotChecks, returns };
}

describe('what the records no longer show is kept in store.json', () => {
  test('a 抽查 draw, a former name and a count of 退回 survive a restart without the history being read', async () => {
    const dir = await folder();
    const kept = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    expect(kept.spotChecks).toHaveLength(1);
    expect(kept.formerTerms).toContainEqual({ name: '刘建华' });
    // the history emptied: start-up must not need it for either
    for (const f of readdirSync(data(dir, AUDIT_DIR))) writeFileSync(data(dir, AUDIT_DIR, f), '');
    const { ledger, spotChecks, returns } = await ledgerAfterRestart(dir);
    expect(returns.get(1)).toBe(2);
    expect(ledger).not.toMatch(/刘建|刘剑/);
    expect(ledger).toContain('刘*华');
    expect(spotChecks).toHaveLength(1);
    expect(spotChecks[0]?.ids).toEqual(kept.spotChecks[0].ids);
  });

  test('a store.json of format 2 (which kept none of them) gets them back from the history, once', async () => {
    const dir = await folder();
    const kept = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    const { formerTerms, spotChecks, returnCounts: counts, history, handled, ...rest } = kept;
    const old = { ...rest, schemaVersion: 2, history, handled };
    writeFileSync(data(dir, SNAPSHOT_FILE), JSON.stringify(old));
    rmSync(data(dir, `${SNAPSHOT_FILE}.sha256`));
    const { ledger, spotChecks: back, returns } = await ledgerAfterRestart(dir);
    expect(returns.get(1)).toBe(2);
    expect(ledger).not.toMatch(/刘建|刘剑/);
    expect(back).toEqual(spotChecks);
    // written anew in the current format, with both
    const now = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    expect(now.spotChecks).toEqual(spotChecks);
    expect(now.formerTerms).toEqual(formerTerms);
    expect(now.returnCounts).toEqual(counts);
    expect(readFileSync(data(dir, SNAPSHOT_FILE), 'utf8').startsWith('{"schemaVersion":3,')).toBe(true);
  });

  test('a format-2 file behind its history, its migration cut off and run again: each change counted once', async () => {
    const dir = await folder();
    const {
      formerTerms,
      spotChecks,
      returnCounts: counts,
      history,
      handled,
      ...rest
    } = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    const old = JSON.stringify({ ...rest, schemaVersion: 2, history, handled });
    // changes after that file: folded into audit/ (as when the fold's rotation came and its write never did)
    const bot = await makeBoundBot({ dir });
    expect(await bot.say('王科长', '#核验 H1 退回 仍缺签字', null)).toMatch(/^已退回 H1/);
    await bot.say('张敏', '#整改 H1 已整改 已补签字');
    expect(await bot.say('王科长', '#抽查 1', null)).toMatch(/^已抽查/);
    await bot.say('张敏', '#修改 P1\n姓名：刘健华', null);
    await bot.close();
    const putBack = () => {
      writeFileSync(data(dir, SNAPSHOT_FILE), old);
      rmSync(data(dir, `${SNAPSHOT_FILE}.sha256`), { force: true });
    };
    putBack();
    const first = await ledgerAfterRestart(dir);
    // the new file written, then lost as if the machine stopped before its rename: migrated again
    putBack();
    const again = await ledgerAfterRestart(dir);
    for (const { ledger, spotChecks: draws, returns } of [first, again]) {
      expect(returns.get(1)).toBe(3);
      expect(draws).toHaveLength(2);
      expect(ledger).not.toMatch(/刘建|刘剑|刘健/);
    }
    const now = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    expect(now.returnCounts).toEqual({ 1: 3 });
    expect(now.spotChecks).toHaveLength(2);
    expect(now.formerTerms).toEqual(expect.arrayContaining([{ name: '刘建华' }, { name: '刘剑华' }]));
    // and a third start, from the migrated file, adds nothing
    const third = await ledgerAfterRestart(dir);
    expect(third.returns.get(1)).toBe(3);
    expect(third.spotChecks).toHaveLength(2);
  });

  test('a format-2 file whose history has a damaged rename line is refused, not opened without that former name', async () => {
    // folded every few changes: the rename sits in a segment the replay after the file never reads
    process.env.JZ_COMPACT_EVERY = '2';
    const dir = await folder().finally(() => {
      delete process.env.JZ_COMPACT_EVERY;
    });
    expect(readdirSync(data(dir, AUDIT_DIR)).length).toBeGreaterThan(2);
    const {
      formerTerms,
      spotChecks,
      returnCounts: counts,
      ...rest
    } = readSnapshotFile(data(dir, SNAPSHOT_FILE));
    writeFileSync(data(dir, SNAPSHOT_FILE), JSON.stringify({ ...rest, schemaVersion: 2 }));
    rmSync(data(dir, `${SNAPSHOT_FILE}.sha256`));
    const segment = readdirSync(data(dir, AUDIT_DIR))
      .map((f) => data(dir, AUDIT_DIR, f))
      .find((f) => readFileSync(f, 'utf8').includes('"type":"keyPerson.edit"')) as string;
    const text = readFileSync(segment, 'utf8');
    writeFileSync(segment, text.replace(/(\{[^\n]*"type":"keyPerson\.edit"[^\n]*)\}\n/, '$1\n'));
    const before = readFileSync(data(dir, SNAPSHOT_FILE));
    const err = await makeBoundBot({ dir }).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toMatch(/日志文件 .* 第 \d+ 行无法读取/);
    expect(readFileSync(data(dir, SNAPSHOT_FILE)).equals(before)).toBe(true);
  });
});
