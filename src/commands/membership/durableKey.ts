import type { CommandContext } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';

/**
 * The key the platform will vouch for from now on, for a grant about to hang on it (Wechaty: the
 * tag the bot writes into the sender's remark); the sender's own key where keys are durable already.
 * When the platform cannot vouch (not a friend), the person reads `refusal` and nothing is granted.
 */
export async function durableKey(ctx: CommandContext, refusal: string): Promise<string> {
  const { vouch, log } = ctx.deps;
  if (!vouch) return ctx.person.key;
  try {
    return await vouch(ctx.msg);
  } catch (e) {
    log.warn(`vouch for ${ctx.person.key} failed: ${(e as Error).message}`);
    throw new UserError(refusal);
  }
}
