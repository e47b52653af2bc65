import { groupOf } from '../../config/campaign.js';
import type { CommandContext } from '../../core/Command.js';

/** The units a reply speaks of: in a group, the units that group serves; in a private chat, all. */
export function groupUnits(ctx: CommandContext): string[] {
  const { campaign } = ctx.deps;
  const group = ctx.msg.room === null ? undefined : groupOf(campaign, ctx.msg.room);
  return group?.units ?? campaign.units;
}
