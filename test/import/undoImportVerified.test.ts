import { describe, expect, it } from '@jest/globals';
import { makeBoundBot, snapshot, tempDir } from '../kit/testBot.js';
import { officeXlsx } from './ledgerFiles.js';

const texts = (out: { reply: object }[]) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

describe('#撤销 of an import after a supervisor verified one of its records', () => {
  it('is refused and the verification stays: undoing the import would silently wipe the supervisor’s act', async () => {
    const b = await makeBoundBot();
    const path = await officeXlsx(tempDir(), '东城台账.xlsx', [
      [1, '二.4', '对象王某请假超时未归', '电话督促返回', '东城司法所', '张敏', '2022年9月30日', '已整改'],
    ]);
    await b.attach('张敏', path, null);
    await b.send('张敏', '#导入', null);
    expect(texts(await b.send('张敏', '确认导入', null))).toContain('已导入 1 条');
    expect(texts(await b.send('王科长', '#核验 H1 通过', null))).toContain('H1');
    expect(b.store.state.hazards[0]?.verified).toBeTruthy();
    const before = snapshot(b);
    const out = texts(await b.send('张敏', '#撤销', null));
    expect(out).toContain('核验');
    expect(out).not.toContain('已撤销');
    expect(snapshot(b)).toBe(before);
    expect(b.store.state.hazards[0]?.withdrawn).toBeFalsy();
    expect(b.store.state.hazards[0]?.verified).toBeTruthy();
    await b.close();
  });
});
