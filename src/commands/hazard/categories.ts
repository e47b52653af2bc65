import type { Command } from '../../core/Command.js';
import { CATEGORIES, CATEGORY_GROUPS, CHINESE_NUMERALS } from '../../domain/catalog.js';

/** `#类别`: the 24 hazard categories of the plan, with the codes #隐患 accepts. */
export const categories: Command = {
  name: '类别',
  aliases: ['隐患类别', '风险类别'],
  access: 'everyone',
  summary: '24 个风险隐患类别及编号（登记隐患时“类别”写编号）',
  usage: '#类别',
  handle() {
    const lines: string[] = [];
    CATEGORY_GROUPS.forEach((g, i) => {
      lines.push(`（${CHINESE_NUMERALS[i]}）${g}`);
      for (const c of CATEGORIES.filter((x) => x.group === i + 1)) lines.push(`${c.code} ${c.name}`);
    });
    return [
      {
        text: `风险隐患类别（共 ${CATEGORIES.length} 个，写编号即可，如 类别：二.4）：\n${lines.join('\n')}`,
      },
    ];
  },
};
