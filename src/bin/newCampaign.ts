import { resolve } from 'node:path';
import { importEvents } from '../commands/import/importEvents.js';
import type { LedgerKind } from '../commands/import/ledgerColumns.js';
import { loadCampaign } from '../config/campaign.js';
import { OPEN_STATUSES } from '../domain/catalog.js';
import { isoAt } from '../domain/dates.js';
import { readSnapshot } from '../store/readSnapshot.js';
import { Store } from '../store/Store.js';
import type { Hazard, HazardFields, KeyPerson, KeyPersonFields, NewEvent, State } from '../store/state.js';
import { fail, parseCliOptions, UsageError } from './options.js';

const USAGE =
  '用法：npm run new-campaign -- --from 上一期数据目录 --campaign 新活动配置.json --data 新数据目录';

/** Open, or closed but not yet verified by a supervisor (销账): what the next campaign still has to see through. */
function carries(h: Hazard): boolean {
  return !h.withdrawn && (OPEN_STATUSES.includes(h.status) || !h.verified);
}

function hazardFields(h: Hazard): HazardFields {
  const { category, situation, measure, department, owner, deadline, status, note, major } = h;
  return {
    category,
    situation,
    measure,
    department,
    owner,
    deadline,
    status,
    note,
    ...(major ? { major } : {}),
  };
}

function keyPersonFields(p: KeyPerson): KeyPersonFields {
  const { name, gender, correctionType, types, crime, sentence, termStart, termEnd, risk, measures, owner } =
    p;
  return { name, gender, correctionType, types, crime, sentence, termStart, termEnd, risk, measures, owner };
}

/**
 * The carried records, per kind and unit, as imports: each unit's batch with its own marker naming
 * the old folder and each record's old number, so #历史 points back to where its history is.
 */
function carryEvents(
  old: State,
  units: readonly string[],
  from: string,
  now: number,
): { events: NewEvent[]; counts: string[]; left: string[] } {
  const events: NewEvent[] = [];
  const counts: string[] = [];
  const left = new Set<string>();
  const lists: [LedgerKind, (Hazard | KeyPerson)[]][] = [
    ['hazards', old.hazards.filter(carries)],
    ['keyPersons', old.keyPersons.filter((p) => !p.withdrawn)],
  ];
  for (const [kind, list] of lists) {
    let made = 0;
    for (const unit of units) {
      const mine = list.filter((r) => r.unit === unit);
      if (mine.length === 0) continue;
      const prefix = kind === 'hazards' ? 'H' : 'P';
      const meta = { by: '新一期活动', unit, at: isoAt(now), msgId: `carry:${kind}:${unit}` };
      const records = mine.map((r) => ({
        row: r.id,
        from: `${prefix}${r.id}`,
        fields: kind === 'hazards' ? hazardFields(r as Hazard) : keyPersonFields(r as KeyPerson),
      }));
      // the new store is empty: ids run on from the batches before
      events.push(...importEvents(made + 1, meta, kind, from, records));
      made += mine.length;
    }
    for (const r of list) if (!units.includes(r.unit)) left.add(r.unit);
    counts.push(`${kind === 'hazards' ? '未销账的隐患' : '重点人员'} ${made} 条`);
  }
  // a carried hazard may name a person the new folder holds under another name, or not at all
  // (renamed, 删除, of a unit not carried): the group screen must still mask them
  const carried = new Set(old.keyPersons.filter((p) => !p.withdrawn && units.includes(p.unit)));
  const terms = [
    ...(old.formerTerms ?? []),
    ...old.keyPersons
      .filter((p) => !carried.has(p))
      .map(({ name, crime, sentence }) => ({
        name,
        ...(crime ? { crime } : {}),
        ...(sentence ? { sentence } : {}),
      })),
  ];
  if (terms.length > 0)
    events.push({
      by: '新一期活动',
      unit: null,
      at: isoAt(now),
      msgId: 'carry:terms',
      type: 'terms.carry',
      terms,
    });
  return { events, counts, left: [...left] };
}

/**
 * `npm run new-campaign`: starts the next campaign's data folder from the last one's open hazards
 * and its key persons, in one change. The old folder is only read (a copy of it is opened), never
 * written: its history stays there, and each carried record names its old number.
 */
async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const from = opts.flags.get('from');
  const data = opts.flags.get('data');
  if (!from || !data || !opts.flags.get('campaign')) throw new UsageError(USAGE);
  if (resolve(from) === resolve(data))
    throw new UsageError('新数据目录不能与上一期的相同：上一期的数据只读不改。');
  const campaign = loadCampaign(opts.campaign);
  const old = await readSnapshot(from);
  const store = await Store.open(data);
  try {
    if (store.state.seq > 0)
      throw new UsageError(`新数据目录 ${resolve(data)} 已有数据，没有改动。请指定一个空目录。`);
    const { events, counts, left } = carryEvents(old, campaign.units, resolve(from), Date.now());
    if (events.length > 0) await store.commitAll(events);
    process.stdout.write(
      `新一期活动的数据目录：${resolve(data)}\n已接续：${counts.join('，')}（每条记有上一期的编号）。\n`,
    );
    if (left.length) process.stdout.write(`新活动配置里没有这些单位，其记录没有接续：${left.join('、')}。\n`);
    process.stdout.write(
      `上一期的数据目录 ${resolve(from)} 没有任何改动，已销账的隐患和全部历史留在那里。\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch(fail);
