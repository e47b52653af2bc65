import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { CLOSED_STATUSES } from '../../domain/catalog.js';
import { dateOf, formatDateTime } from '../../domain/dates.js';
import { parseInteger } from '../../domain/text.js';
import type { Hazard, SpotCheck, State } from '../../store/state.js';
import { hazardLine } from '../../views/hazardLine.js';

const USAGE = '#抽查 5（随机抽取 5 条已整改/无法整改的隐患）\n#抽查（查看以往抽查记录）';
const MAX_DRAW = 50;

/** A small seeded generator (mulberry32): the same seed gives the same draw, on any machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `n` ids drawn from `pool` (partial Fisher–Yates), in the order drawn. */
export function draw(pool: readonly number[], n: number, seed: number): number[] {
  const ids = [...pool];
  const next = random(seed);
  const k = Math.min(n, ids.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return ids.slice(0, k);
}

function listing(state: State, c: SpotCheck, today: string, year: number): string {
  const hs = c.ids.map((id) => state.hazards[id - 1]).filter((h): h is Hazard => h !== undefined);
  const lines = hs.map(
    (h) => `${h.unit} ${hazardLine(h, today, year)} · ${h.status}${h.verified ? '（已销账）' : '（待核验）'}`,
  );
  return `${formatDateTime(Date.parse(c.at))} ${c.by} 从 ${c.pool} 条已整改/无法整改的隐患中抽取 ${c.ids.length} 条（种子 ${c.seed}）：\n${lines.join('\n')}`;
}

/** `#抽查 N`: N closed hazards drawn at random across units for on-site checks, recorded with the draw. */
export const spotCheck: Command = {
  name: '抽查',
  aliases: ['随机抽查'],
  access: 'supervisor',
  summary: '随机抽取已整改/无法整改的隐患做现场检查（抽取结果留档）；#抽查 查看以往记录',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const year = campaignYear(campaign);
    const today = dateOf(clock.now());
    if (ctx.argv.length === 0) {
      const past = store.state.spotChecks ?? [];
      if (past.length === 0) return [{ text: `还没有抽查记录。\n${USAGE}` }];
      return [
        {
          text: `抽查记录（共 ${past.length} 次，显示最近 3 次）：\n\n${past
            .slice(-3)
            .map((c) => listing(store.state, c, today, year))
            .join('\n\n')}`,
        },
      ];
    }
    const n = parseInteger(ctx.argv.join('').replace(/条$/, ''));
    if (n === null || n < 1 || n > MAX_DRAW)
      throw new UserError(`抽查条数要写 1 到 ${MAX_DRAW} 之间的整数。`, USAGE);
    const pool = store.state.hazards
      .filter((h) => !h.withdrawn && CLOSED_STATUSES.includes(h.status))
      .map((h) => h.id);
    if (pool.length === 0) throw new UserError('目前没有已整改或无法整改的隐患可供抽查。');
    // Seeded from the store (the draw's own change number and the pool), so it can be reproduced.
    const seed = ((store.state.seq + 1) * 2_654_435_761 + pool.length) >>> 0;
    const ids = draw(pool, n, seed);
    await store.commit({ ...ctx.meta(null), type: 'spotCheck', seed, pool: pool.length, ids });
    const c = store.state.spotChecks?.at(-1);
    if (!c) throw new Error('stored spot check not found');
    const fewer = ids.length < n ? `（只有 ${pool.length} 条可抽）` : '';
    return [{ text: `已抽查${fewer}，结果已留档：\n${listing(store.state, c, today, year)}` }];
  },
};
