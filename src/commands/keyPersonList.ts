import type { Command } from '../core/Command.js';
import { resolveUnit } from '../core/matchUnit.js';
import { UserError } from '../core/UserError.js';
import { keyPersonLabel } from '../views/keyPersonLabel.js';
import { freeTextFor } from './freeTextFor.js';
import { keyPersonFull } from './keyPersonFields.js';
import { assertMayActOn, findKeyPerson, parseRecordId } from './recordId.js';

const USAGE = '#重点人员列表\n#重点人员列表 P2\n（督导私聊：#重点人员列表 东城）';
const MAX = 40;

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
      const rows = campaign.units.map(
        (u) => `${u}：${store.state.keyPersons.filter((p) => p.unit === u && !p.withdrawn).length} 人`,
      );
      return [
        {
          text: `各单位“6+9”重点人员数：\n${rows.join('\n')}\n私聊发送 #重点人员列表 单位名 查看明细，或 #导出 重点人员。`,
        },
      ];
    }
    const people = store.state.keyPersons.filter((p) => p.unit === unit && !p.withdrawn);
    const head = `${unit}“6+9”重点人员：${people.length} 人`;
    if (people.length === 0) return [{ text: `${head}。` }];
    const shown = people.slice(0, MAX);
    const body = ctx.inGroup
      ? shown.map((p) => `${keyPersonLabel(p)} · 责任人${freeTextFor(ctx)(p.owner)}`).join('\n')
      : shown.map((p) => keyPersonFull(p)).join('\n\n');
    const more =
      people.length > MAX ? `\n……另有 ${people.length - MAX} 人，请用 #导出 重点人员 取完整表格。` : '';
    const tail = ctx.inGroup ? '\n详情请私聊机器人查看。' : '';
    return [{ text: `${head}\n${body}${more}${tail}` }];
  },
};
