import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { isConfirmed } from '../../domain/text.js';
import { unitIndex } from '../../reports/unitIndex.js';
import { MAX_REPORT, parseFigurePairs } from './figureText.js';

/** A figure report repeated within this window asks to confirm. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

const USAGE = '#走访 5\n#教育 3\n#帮扶 2\n#惩处 1\n#走访 5 教育 3（一条消息报多项）';

/** `#走访 5` · `#教育 3` · `#帮扶 2` · `#惩处 1`: add 人次 to my unit's cumulative figures (附件3). */
export const addFigures: Command = {
  name: '走访',
  aliases: ['教育', '帮扶', '惩处'],
  access: 'caseworker',
  summary: '上报走访/教育/帮扶/惩处人次（累加），如 #走访 5 教育 3',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign } = ctx.deps;
    const unit = ctx.person.unit as string;
    const pairs = parseFigurePairs(`${ctx.invokedAs} ${ctx.args}`, USAGE);
    for (const p of pairs) {
      if (p.n < 0) throw new UserError(`人次只能累加。要减少请用更正：#更正 ${p.item} ${p.n} 原因`, USAGE);
      if (p.n === 0) throw new UserError(`${p.item} 0 人次不用上报。`, USAGE);
      if (p.n > MAX_REPORT) throw new UserError(`${p.item} ${p.n} 人次过大，请核对。`, USAGE);
    }
    if (new Set(pairs.map((p) => p.item)).size !== pairs.length)
      throw new UserError('同一项目请只写一次。', USAGE);
    // The same report from the same person within 10 minutes is most likely sent twice.
    const since = ctx.msg.at - REPEAT_WINDOW_MS;
    const recent = recentFigures(store.state.figures, since).filter(
      (e) => e.kind === 'add' && e.undone === undefined && e.by === ctx.msg.sender.key && e.unit === unit,
    );
    const repeat = pairs.every((p) =>
      recent.some((e) => e.kind === 'add' && e.item === p.item && e.n === p.n),
    );
    if (repeat && !isConfirmed(ctx.fields.get('确认')))
      throw new UserError(
        `您 10 分钟内已报过同样的数字（${pairs.map((p) => `${p.item} ${p.n}`).join('、')}），这次没有重复累加。如确是新的一批，请在下一行加“确认：是”再发送：\n#${pairs.map((p) => `${p.item} ${p.n}`).join(' ')}\n确认：是`,
      );
    // One change per item, committed as one record: all of them are stored, or none.
    await store.commitAll(
      pairs.map((p) => ({
        ...ctx.meta(unit),
        type: 'figure',
        report: { kind: 'add', item: p.item, n: p.n },
      })),
    );
    const f = unitIndex(store.state, campaign.units).get(unit);
    const lines = pairs.map((p) => `${p.item} +${p.n}，累计 ${f?.cumulative[p.item] ?? 0} 人次`);
    return [{ text: `已登记 ${unit}：${lines.join('；')}` }];
  },
};

/**
 * The figures reported since `since`, read from the newest back. Messages are handled in arrival
 * order, so the list is in time order but for a few seconds of skew between senders' clocks; the
 * scan stops a day before `since`, so a province's half a million figures are not read every time.
 */
function recentFigures<T extends { at: string }>(figures: readonly T[], since: number): T[] {
  const stop = since - 24 * 3_600_000;
  const found: T[] = [];
  for (let i = figures.length - 1; i >= 0; i--) {
    const e = figures[i] as T;
    const at = Date.parse(e.at);
    if (at < stop) break;
    if (at >= since) found.push(e);
  }
  return found;
}
