import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { HeavyJob } from '../../src/core/JobQueue.js';
import { GROUP, makeBoundBot, snapshot, type TestBot, tempDir } from '../kit/testBot.js';
import { officeXlsx, SEED_HAZARD_HEADER } from './ledgerFiles.js';
import { makeZip } from './zipKit.js';

type Out = { to: object; reply: object }[];
const texts = (out: Out) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

const CONTENT_TYPES = (extra = '') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${extra}</Types>`,
  );

/** Sends the file privately, then #导入: the replies to #导入, and the store unchanged throughout. */
async function refused(b: TestBot, name: string, bytes: Buffer): Promise<string> {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  const before = snapshot(b);
  await b.attach('张敏', path, null);
  const said = texts(await b.send('张敏', '#导入', null));
  expect(texts(await b.send('张敏', '确认导入', null))).toContain('没有待确认的导入');
  expect(snapshot(b)).toBe(before);
  return said;
}

describe('#导入 refuses hostile files with one clear reply, storing nothing', () => {
  it('a renamed non-Office file, an old .xls, a password-protected file, macros (.xlsm, .docm)', async () => {
    const b = await makeBoundBot();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(200),
    ]);
    expect(await refused(b, '台账.xlsx', png)).toContain(
      '这不是 Excel（.xlsx）或 Word（.docx）文件，没有读取',
    );
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(2000),
    ]);
    expect(await refused(b, '台账.xls', ole)).toContain('这是旧版 Excel/Word 文件（.xls 或 .doc），没有读取');
    const encrypted = Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]);
    expect(await refused(b, '台账.xlsx', encrypted)).toContain('文件设置了打开密码');
    const xlsm = makeZip([
      {
        name: '[Content_Types].xml',
        data: CONTENT_TYPES(
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>',
        ),
      },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/vbaProject.bin', data: Buffer.alloc(100) },
    ]);
    expect(await refused(b, '台账.xlsm', xlsm)).toContain('文件含有宏');
    const docm = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES() },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      { name: 'word/vbaProject.bin', data: Buffer.alloc(100) },
    ]);
    expect(await refused(b, '台账.docx', docm)).toContain('文件含有宏');
    await b.close();
  });

  it('zip bombs: one whose part inflates past what it declares, one with an absurd ratio', async () => {
    const b = await makeBoundBot();
    const liar = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES() },
      { name: 'word/document.xml', data: Buffer.alloc(50 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    expect(liar.length).toBeLessThan(200 * 1024);
    expect(await refused(b, '台账.docx', liar)).toContain('疑似“压缩炸弹”');
    const honest = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES() },
      { name: 'xl/workbook.xml', data: Buffer.alloc(60 * 1024 * 1024, 0x20) },
    ]);
    expect(await refused(b, '台账.xlsx', honest)).toContain('疑似“压缩炸弹”');
    await b.close();
  });

  it('a file over 10 MB is refused by its size before it is read; over 5,000 rows by its rows', async () => {
    const b = await makeBoundBot();
    expect(await refused(b, '大.xlsx', Buffer.alloc(10 * 1024 * 1024 + 1))).toContain(
      '文件超过 10 MB，没有读取',
    );
    const rows = Array.from({ length: 5001 }, (_, i) => [
      i + 1,
      '二.4',
      `情况${i}`,
      '措施',
      '东城司法所',
      '张敏',
      '2022-09-30',
      '未整改',
    ]);
    const dir = tempDir();
    const path = await officeXlsx(dir, '多.xlsx', rows);
    const before = snapshot(b);
    await b.attach('张敏', path, null);
    expect(texts(await b.send('张敏', '#导入', null))).toContain('文件超过 5000 行，没有读取');
    expect(snapshot(b)).toBe(before);
    // a sheet of 5,001 full-width rows is refused by its cells before exceljs holds it in memory
    let n = 1;
    const next = () => {
      n = (n * 48271) % 2147483647; // digits that do not compress away
      return n;
    };
    const row = () => `<row>${Array.from({ length: 40 }, () => `<c><v>${next()}</v></c>`).join('')}</row>`;
    const sheet = `<worksheet><sheetData>${Array.from({ length: 5001 }, row).join('')}</sheetData></worksheet>`;
    const wide = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES() },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    expect(await refused(b, '宽.xlsx', wide)).toContain('文件超过 5000 行，没有读取');
    await b.close();
  });

  it('a hidden sheet is not read, and the preview says so', async () => {
    const b = await makeBoundBot();
    const path = await officeXlsx(
      tempDir(),
      '台账.xlsx',
      [[1, '二.4', '情况', '措施', '东城司法所', '张敏', '2022-09-30', '未整改']],
      {
        hiddenSheet: true,
      },
    );
    await b.attach('张敏', path, null);
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).toContain('隐藏的工作表没有读取：“旧数据”');
    expect(preview).toContain('1 条可导入');
    await b.send('张敏', '确认导入', null);
    expect(b.store.state.hazards.map((h) => h.situation)).toEqual(['情况']);
    await b.close();
  });

  it('two files sent before #导入: neither is read, and the sender is told to send only one', async () => {
    const b = await makeBoundBot();
    const dir = tempDir();
    const one = await officeXlsx(dir, '一.xlsx', [
      [1, '二.4', '情况一', '措施', '东城司法所', '张敏', '2022-09-30', '未整改'],
    ]);
    const two = await officeXlsx(dir, '二.xlsx', [
      [1, '二.4', '情况二', '措施', '东城司法所', '张敏', '2022-09-30', '未整改'],
    ]);
    const before = snapshot(b);
    await b.attach('张敏', one, null);
    expect(texts(await b.attach('张敏', two, null))).toContain('您已先后发了 2 个文件');
    const said = texts(await b.send('张敏', '#导入', null));
    expect(said).toContain(
      '您在 #导入 前发了 2 个文件（“一.xlsx”、“二.xlsx”），不知道要导入哪一个，一个也没有读取',
    );
    expect(texts(await b.send('张敏', '#导入', null))).toContain('没有收到要导入的文件');
    expect(snapshot(b)).toBe(before);
    await b.close();
  });

  it('a file sent in the group is never taken for an import; #导入 with the file as its caption in the group says only to send it privately', async () => {
    const b = await makeBoundBot();
    const path = await officeXlsx(tempDir(), '台账.xlsx', [
      [1, '二.4', '情况', '措施', '东城司法所', '张敏', '2022-09-30', '未整改'],
    ]);
    const before = snapshot(b);
    expect(await b.attach('张敏', path)).toEqual([]);
    const { fileAttachment } = await import('../../src/transports/LocalTransport.js');
    const at = b.sent.length;
    await b.bot.receive({
      id: 'caption-1',
      room: GROUP,
      sender: { key: '张敏', name: '张敏' },
      text: '#导入',
      mentionsBot: false,
      at: b.now(),
      attachment: fileAttachment(path),
    });
    const said = texts(b.sent.slice(at) as Out);
    expect(said).toContain('只能在与机器人的私聊中使用');
    expect(said).not.toContain('台账');
    expect(texts(await b.send('张敏', '#导入', null))).toContain('没有收到要导入的文件');
    expect(snapshot(b)).toBe(before);
    // in private, the caption works
    const at2 = b.sent.length;
    await b.bot.receive({
      id: 'caption-2',
      room: null,
      sender: { key: '张敏', name: '张敏' },
      text: '#导入',
      mentionsBot: false,
      at: b.now(),
      attachment: fileAttachment(path),
    });
    await b.bot.jobs.idle();
    expect(texts(b.sent.slice(at2) as Out)).toContain('1 条可导入');
    await b.close();
  });

  it('the bot answers others while it reads a file', async () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((r) => {
      open = r;
    });
    const held: HeavyJob[] = [];
    const b = await makeBoundBot({
      jobs: {
        beforeWork: async (job) => {
          held.push(job);
          await opened;
        },
      },
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(SEED_HAZARD_HEADER);
    ws.addRow([1, '二.4', '情况', '措施', '东城司法所', '张敏', '2022-09-30', '未整改']);
    const path = join(tempDir(), 'a.xlsx');
    await wb.xlsx.writeFile(path);
    await b.attach('张敏', path, null);
    const asked = b.bot.receive({
      id: 'imp-1',
      room: null,
      sender: { key: '张敏', name: '张敏' },
      text: '#导入',
      mentionsBot: false,
      at: b.now(),
    });
    for (let i = 0; i < 10_000 && held.length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(held.map((j) => j.what)).toEqual(['导入预览']);
    // the file is being read: another caseworker's #走访 is answered meanwhile
    const at = b.sent.length;
    await b.bot.receive({
      id: 'v-1',
      room: GROUP,
      sender: { key: '李娜', name: '李娜' },
      text: '#走访 3',
      mentionsBot: false,
      at: b.now(),
    });
    expect(texts(b.sent.slice(at) as Out)).toContain('已登记');
    // a second file and #导入 from the same person while the first is read: the queue takes one job
    // from each (their replies come after the first preview, in order)
    const { fileAttachment } = await import('../../src/transports/LocalTransport.js');
    const second = [
      b.bot.receive({
        id: 'f-2',
        room: null,
        sender: { key: '张敏', name: '张敏' },
        text: '',
        mentionsBot: false,
        at: b.now(),
        attachment: fileAttachment(path),
      }),
      b.bot.receive({
        id: 'imp-2',
        room: null,
        sender: { key: '张敏', name: '张敏' },
        text: '#导入',
        mentionsBot: false,
        at: b.now(),
      }),
    ];
    open();
    await Promise.all([asked, ...second]);
    await b.bot.jobs.idle();
    const after = texts(b.sent.slice(at) as Out);
    expect(after).toContain('1 条可导入');
    expect(after).toContain('您的上一个文件还在生成');
    expect(after.indexOf('1 条可导入')).toBeLessThan(after.indexOf('您的上一个文件还在生成'));
    await b.close();
  });
});
