/**
 * The pictures and the summary report, timed on the benchmark's data (bench/profile.ts): one chart
 * (rendered after the first, which pays for loading the WebAssembly and the font), and #总结 made
 * from a store opened as the bot opens it, at district and city scale. While each is made the
 * event loop's longest stall is recorded: that is how long a message arriving meanwhile waits.
 * Printed with the load average, since the machine is shared.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { statusByUnitChart } from '../src/reports/charts/campaignCharts.js';
import { renderChart } from '../src/reports/charts/renderChart.js';
import { returnCounts } from '../src/reports/returnCounts.js';
import { computeStatistics } from '../src/reports/statistics.js';
import { summaryFacts } from '../src/reports/summary/summaryFacts.js';
import { breathe, writeSummary } from '../src/reports/summary/writeSummary.js';
import { unitFacts } from '../src/reports/unitIndex.js';
import { readSnapshot } from '../src/store/readSnapshot.js';
import { maskFreeText, SENSITIVE_TERMS } from '../src/views/sensitiveTerms.js';
import { generate, PROFILES, type Profile, profileCampaign, writeStore } from './profile.js';

const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

/**
 * Runs `work`, returning its time and the longest the event loop was held during it (ms): a timer
 * asks every 5 ms, and the widest gap between its turns is how long a message arriving then waits.
 */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stall: number }> {
  let last = performance.now();
  let stall = 0;
  const tick = setInterval(() => {
    const n = performance.now();
    stall = Math.max(stall, n - last);
    last = n;
  }, 5);
  const t = performance.now();
  await work();
  const took = performance.now() - t;
  await new Promise((r) => setTimeout(r, 10));
  clearInterval(tick);
  return { ms: took, stall };
}

async function oneProfile(p: Profile): Promise<string[]> {
  const campaign = profileCampaign(p);
  const dir = mkdtempSync(join(tmpdir(), `bench-summary-${p.name}-`));
  try {
    mkdirSync(join(dir, 'data'));
    await writeStore(join(dir, 'data'), generate(p.records, campaign));
    // the views the bot keeps, as it keeps them
    const state = await readSnapshot(join(dir, 'data'), [unitFacts(campaign.units), SENSITIVE_TERMS]);
    const chart = statusByUnitChart(computeStatistics(state, campaign).rows, campaign.units);
    const first = await timed(() => renderChart(chart));
    const again = await timed(() => renderChart(chart));
    const now = Date.parse('2022-09-12T10:00:00+08:00');
    // as the #总结 job does it: the figures, then the file
    const make = async () => {
      await breathe();
      const facts = summaryFacts(state, campaign, {
        now,
        returns: returnCounts(state),
        mask: (s) => maskFreeText(s, state),
      });
      return writeSummary(facts, campaign, join(dir, 'files'));
    };
    const summary = await timed(make);
    const summary2 = await timed(make);
    return [
      `| ${p.name} | ${p.units} units, ${p.records.toLocaleString('en')} records | ${ms(again.ms)} ms (first ${ms(first.ms)}) | ${ms(summary2.ms)} ms (first ${ms(summary.ms)}) | ${ms(Math.max(again.stall, summary2.stall))} ms | ${load()} |`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section of `npm run bench` on charts and #总结, as Markdown. */
export async function summaryBench(names = ['district', 'city']): Promise<string> {
  const rows: string[] = [];
  for (const name of names) {
    const p = PROFILES[name];
    if (!p) continue;
    process.stderr.write(`${name}: chart and #总结…\n`);
    rows.push(...(await oneProfile(p)));
  }
  return `## Charts and #总结 (goal: a chart ≤ 300 ms, the district report ≤ 1 s, the city's ≤ 5 s)\n\n| profile | data | one chart (status per unit) | #总结 .docx with 4 charts | longest stall of the event loop while made | load average 1 / 5 / 15 min |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n`;
}
