import type { CommandContext } from '../../core/Command.js';
import { memberNames } from '../../views/members.js';
import { maskFreeText } from '../../views/sensitiveTerms.js';

/**
 * How free text (情况, 措施, 说明, 原因, history values) is shown to this conversation: masked on
 * key persons' names and sensitive terms in a group, as written in a private chat. Apply it to the
 * whole text before cutting it to length.
 */
export function freeTextFor(ctx: Pick<CommandContext, 'inGroup' | 'deps'>): (s: string) => string {
  if (!ctx.inGroup) return (s) => s;
  const { store, campaign } = ctx.deps;
  const keep = memberNames(store.state, campaign);
  return (s) => maskFreeText(s, store.state, keep);
}
