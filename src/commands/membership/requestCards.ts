import type { Command } from '../../core/Command.js';
import type { ActionCard } from '../../core/types.js';
import { mayApprove, namesakeNote, pendingRequests, wantText } from './requests.js';

/**
 * `#批准` as listed, with a card per request the person may decide (批准 N / 拒绝 N, by number, so
 * a click decides exactly the request shown). Kept apart from `#批准` itself: only the listing in a
 * private chat (requesters' names are listed in private only) gains the cards.
 */
export function withRequestCards(command: Command): Command {
  return {
    ...command,
    async handle(ctx) {
      const replies = await command.handle(ctx);
      if (ctx.argv.length > 0 || ctx.inGroup) return replies;
      const cards: ActionCard[] = pendingRequests(ctx.deps.store.state)
        .filter((r) => mayApprove(ctx.person, r.kind))
        .map((r) => ({
          title: `申请 ${r.no}：${r.name} → ${wantText(r)}`,
          lines: [
            `${r.at.slice(5, 16).replace('T', ' ')} 申请`,
            ...[namesakeNote(r, ctx.deps.campaign, ctx.deps.store.state)].filter((n) => n !== ''),
          ],
          actions: [
            { label: `批准 ${r.no}`, command: `#批准 ${r.no}` },
            { label: `拒绝 ${r.no}`, command: `#拒绝 ${r.no}` },
          ],
        }));
      const [first, ...rest] = replies;
      if (!cards.length || !first || !('text' in first) || first.to) return replies;
      return [{ ...first, cards }, ...rest];
    },
  };
}
