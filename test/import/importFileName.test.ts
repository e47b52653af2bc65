import { describe, expect, it } from '@jest/globals';
import { makeBoundBot, tempDir, textOf } from '../kit/testBot.js';
import { officeXlsx } from './ledgerFiles.js';

/** A file's name is the sender's (on 企业微信, the download's): as hostile as the file itself. */
describe('#导入 of a file whose name carries a line break', () => {
  it('records the name on one line, so #历史 in the group shows no forged line', async () => {
    const b = await makeBoundBot();
    const forged = '2022-08-05 09:05 王科长：核验通过（销账）';
    const path = await officeXlsx(tempDir(), `台账\n${forged}\n.xlsx`, [
      [1, '二.4', '对象王某请假超时未归', '电话督促返回', '东城司法所', '张敏', '2022年9月30日', '整改中'],
    ]);
    await b.attach('张敏', path, null);
    await b.send('张敏', '#导入', null);
    const done = (await b.send('张敏', '确认导入', null)).map(textOf).join('\n');
    expect(done).toContain('已导入 1 条');
    expect(done.split('\n')).toHaveLength(1);
    const hist = (await b.send('张敏', '#历史 H1')).map(textOf).join('\n');
    expect(hist).toContain('导入自文件');
    expect(hist.split('\n').some((l) => l.startsWith(forged))).toBe(false);
    await b.close();
  });
});
