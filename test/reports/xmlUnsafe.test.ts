import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { stripXmlUnsafe } from '../../src/domain/text.js';
import { exportForm } from '../../src/reports/forms.js';
import { makeBoundBot, tempDir } from '../kit/testBot.js';

async function cellsOf(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file); // throws on a character XML cannot hold
  const ws = wb.getWorksheet('东城司法所') as ExcelJS.Worksheet;
  const texts: string[] = [];
  ws.eachRow((row) => {
    for (const v of row.values as unknown[]) if (typeof v === 'string') texts.push(v);
  });
  return texts.join('\n');
}

describe('characters XML cannot hold', () => {
  test('stripXmlUnsafe drops U+FFFE/U+FFFF, lone surrogates and C0 controls; keeps \\n, \\t and emoji', () => {
    expect(stripXmlUnsafe('a\uFFFFb\uFFFEc\u0001d\u0008e\u000Bf\u001Fg\u007Fh')).toBe('abcdefgh');
    expect(stripXmlUnsafe('x\uD800y\uDC00z')).toBe('xyz');
    expect(stripXmlUnsafe('行1\n行2\t列 😀 已整改')).toBe('行1\n行2\t列 😀 已整改');
  });

  test('a hazard typed with U+FFFF is stored without it, and 附件1 reads back', async () => {
    const bot = await makeBoundBot();
    const reply = await bot.say(
      '张敏',
      '#隐患\n类别：二.4\n情况：请假\uFFFF超时\uD800未销假\n措施：约谈\n时限：9月5日',
    );
    expect(reply).toMatch(/^已登记 H1/);
    expect(bot.store.state.hazards[0]?.situation).toBe('请假超时未销假');
    const file = await exportForm('hazards', bot.store.state, bot.deps.campaign, tempDir(), {
      reporter: '王科长',
      now: bot.now(),
    });
    expect(await cellsOf(file)).toContain('请假超时未销假');
    await bot.close();
  });

  test('an old store that already holds such characters still exports a readable 附件1', async () => {
    const bot = await makeBoundBot();
    // written straight to the store, as a version without the input filter did
    await bot.store.commit({
      by: '张敏',
      unit: '东城司法所',
      at: '2022-08-05T09:00:00+08:00',
      msgId: null,
      type: 'hazard.add',
      hazard: {
        category: '二.4',
        situation: '旧数据\uFFFF含\u0002非法\uDC00字符',
        measure: '约谈',
        department: '东城司法所',
        owner: '张敏\uFFFE',
        deadline: '2022-09-05',
        status: '未整改',
        note: null,
      },
    });
    const file = await exportForm('hazards', bot.store.state, bot.deps.campaign, tempDir(), {
      reporter: '王科长',
      now: bot.now(),
    });
    const text = await cellsOf(file);
    expect(text).toContain('旧数据含非法字符');
    for (const bad of ['\uFFFE', '\uFFFF', '\u0002', '\uDC00']) expect(text).not.toContain(bad);
    await bot.close();
  });
});
