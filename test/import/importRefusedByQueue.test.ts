import { describe, expect, it } from '@jest/globals';
import { gate, post, until } from '../kit/jobGate.js';
import { makeBoundBot, tempDir } from '../kit/testBot.js';
import { officeXlsx } from './ledgerFiles.js';

const texts = (out: { reply: object }[]) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

describe('#导入 while the sender’s previous file is still being made', () => {
  it('is refused, and the file stays: the next #导入 reads it without sending it again', async () => {
    // only the export is held: the #导入 is refused while it is being made
    const g = gate((job) => job.what.includes('附件3'));
    const b = await makeBoundBot({ jobs: { beforeWork: g.beforeWork } });
    const path = await officeXlsx(tempDir(), '东城台账.xlsx', [
      [1, '二.4', '对象王某请假超时未归', '电话督促返回', '东城司法所', '张敏', '2022年9月30日', '整改中'],
    ]);
    await b.attach('张敏', path, null);
    // an export of 张敏's is being made (held), so the queue refuses a second job of theirs
    const exporting = post(b, '张敏', '#导出 统计', 'export-1');
    await until(() => g.held.length === 1);
    // its reply waits behind the file being made (the asker's replies keep their order)
    const from = b.sent.length;
    const refusedImport = b.send('张敏', '#导入', null);
    g.open();
    await Promise.all([exporting, refusedImport]);
    await b.bot.jobs.idle();
    expect(texts(b.sent.slice(from))).toContain('还在生成');
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).not.toContain('没有收到要导入的文件');
    expect(preview).toContain('1 条可导入');
    await b.close();
  });
});
