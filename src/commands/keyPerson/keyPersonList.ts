import type { Command } from '../../core/Command.js';
import { resolveUnit } from '../../core/matchUnit.js';
import { UserError } from '../../core/UserError.js';
import { unitIndex } from '../../reports/unitIndex.js';
import { keyPersonLabel } from '../../views/keyPersonLabel.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { groupUnits } from '../shared/groupUnits.js';
import { assertMayActOn, findKeyPerson, parseRecordId } from '../shared/recordId.js';
import { keyPersonFull } from './keyPersonFull.js';

const USAGE = '#重点人员列表\n#重点人员列表 P2\n（督导私聊：#重点人员列表 东城）';
const MAX = 40;
/** Units listed one by one in the count; the rest are summed up. */
const WORST = 15;
/** Characters the listed people may take, to stay within the message limit. */
const BODY_BUDGET = 1600;

/** `#重点人员列表 [Pn|单位]`: full detail only in private chat; a group sees masked names and counts. */
export const keyPersonList: Command = {
  name: '重点人员列表',
  aliases: ['重点人员台账', '人员列表'],
  access: 'staff',
  summary: '查看本单位重点人员（私聊显示详情，群内只显示化名）',
  usage: USAGE,
  handle(ctx) {
    const { store, campaign } = ctx.deps;
    const arg = ctx.argv.join('');
    if (/^[PpＰｐ]?\d+$/.test(arg) && /[PpＰｐ]/.test(arg)) {
      const { id } = parseRecordId(arg, 'P', USAGE);
      const p = findKeyPerson(store.state, id);
      assertMayActOn(p, `P${id}`, ctx.person);
      if (ctx.inGroup) return [{ text: `${keyPersonLabel(p)}。详情请私聊机器人查看。` }];
      return [{ text: keyPersonFull(p) }];
    }
    let unit = ctx.person.unit;
    if (arg !== '') {
      const named = resolveUnit(arg, campaign.units, USAGE);
      if (!ctx.person.isSupervisor && named !== ctx.person.unit)
        throw new UserError(`您只能查看本单位（${ctx.person.unit}）的重点人员。`);
      unit = named;
    }
    if (!unit) {
      const index = unitIndex(store.state, campaign.units);
      const units = groupUnits(ctx);
      const count = (u: string) => index.get(u)?.keyPersonCount ?? 0;
      const total = units.reduce((n, u) => n + count(u), 0);
      const rows = [...units]
        .sort((a, b) => count(b) - count(a))
        .slice(0, WORST)
        .map((u) => `${u}：${count(u)} 人`);
      const head =
        units.length > WORST
          ? `${units.length} 个单位共有“6+9”重点人员 ${total} 人，最多的 ${WORST} 个单位：`
          : `各单位“6+9”重点人员数（共 ${total} 人）：`;
      return [
        {
          text: `${head}\n${rows.join('\n')}\n私聊发送 #重点人员列表 单位名 查看明细，或 #导出 重点人员。`,
        },
      ];
    }
    const people = store.state.keyPersons.filter((p) => p.unit === unit && !p.withdrawn);
    const head = `${unit}“6+9”重点人员：${people.length} 人`;
    if (people.length === 0) return [{ text: `${head}。` }];
    const entries = people
      .slice(0, MAX)
      .map((p) =>
        ctx.inGroup ? `${keyPersonLabel(p)} · 责任人${freeTextFor(ctx)(p.owner)}` : keyPersonFull(p),
      );
    const shown: string[] = [];
    let used = 0;
    for (const e of entries) {
      if (used + e.length > BODY_BUDGET) break;
      shown.push(e);
      used += e.length + 2;
    }
    const body = shown.join(ctx.inGroup ? '\n' : '\n\n');
    const more =
      people.length > shown.length
        ? `\n……另有 ${people.length - shown.length} 人，请用 #导出 重点人员 取完整表格。`
        : '';
    const tail = ctx.inGroup ? '\n详情请私聊机器人查看。' : '';
    return [{ text: `${head}\n${body}${more}${tail}` }];
  },
};
