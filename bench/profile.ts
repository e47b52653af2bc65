/**
 * Realistic data for the benchmark and the province-scale tests: Chinese unit and person names drawn
 * from real-looking pools (not `对象N`, which would pile every name into one bucket of the privacy
 * screen), varied hazard texts, deadlines spread over the campaign, several groups each serving a
 * share of the units.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Campaign, parseCampaign } from '../src/config/campaign.js';
import { AUDIT_DIR } from '../src/store/dataFolder.js';
import { HistoryIndex } from '../src/store/HistoryIndex.js';
import { SnapshotFile } from '../src/store/SnapshotFile.js';
import { emptyState, type State, type StoredEvent } from '../src/store/state.js';

export interface Profile {
  name: string;
  units: number;
  records: number;
  /** units per work group (a WeChat group holds at most 500 people) */
  unitsPerGroup: number;
}

export const PROFILES: Record<string, Profile> = {
  district: { name: 'district', units: 30, records: 3_000, unitsPerGroup: 30 },
  city: { name: 'city', units: 200, records: 100_000, unitsPerGroup: 200 },
  province: { name: 'province', units: 4_000, records: 570_000, unitsPerGroup: 400 },
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美婷雪琳晶玲桂兰霞平刚桂英建国志红海燕春梅金凤玉兰小红建华德明文斌宏伟亮鹏飞晨阳欣怡子涵浩然宇轩';
const PLACE =
  '东西南北中翠屏河市麻柳亭子福善百节管村石梯赵家金垭渡市大堰景市堡子平滩江陵万家罐子米城碑庙马家青宁双庙黄庭申家大树万源宣汉开江渠县宝城清溪凤凰龙泉安仁';
const SITUATIONS = [
  '社区矫正对象请假到期后超时未销假',
  '矫正对象未按规定时间报到，电话多次联系不上',
  '手机定位显示矫正对象离开居住地县域',
  '矫正小组成员未按月开展走访，走访记录缺失',
  '矫正对象与邻居发生纠纷，情绪激动，有过激言论',
  '矫正对象经济困难，拖欠房租被催收',
  '监督管理台账记录不全，审批表缺少签字',
  '矫正对象未参加本月集中教育学习',
  '矫正对象家属反映其近期酗酒，夜不归宿',
  '电子定位设备未按要求佩戴，多次信号中断',
];
const MEASURES = [
  '约谈训诫，每日电话核查',
  '加强走访，每周见面一次',
  '协调村社帮扶，落实临时救助',
  '补齐台账，专人复核',
];

/** A deterministic pseudo-random generator, so every run generates the same data. */
export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function pick<T>(xs: readonly T[] | string, r: () => number): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A person's name: surname and one or two given characters. */
export function personName(r: () => number): string {
  return `${pick<string>(SURNAMES, r)}${pick<string>(GIVEN, r)}${r() < 0.6 ? pick<string>(GIVEN, r) : ''}`;
}

/** `n` distinct unit names such as `翠屏司法所`, `金垭镇司法所`, `宣汉县东城司法所`. */
export function unitNames(n: number): string[] {
  const r = rng(7);
  const names = new Set<string>();
  while (names.size < n) {
    const a = `${pick<string>(PLACE, r)}${pick<string>(PLACE, r)}`;
    const county = names.size >= 300 ? `${pick<string>(PLACE, r)}${pick<string>(PLACE, r)}县` : '';
    names.add(`${county}${a}${r() < 0.3 ? '镇' : ''}司法所`);
  }
  return [...names];
}

/** The shipped campaign with `units` units spread over groups of `unitsPerGroup`. */
export function profileCampaign(p: Pick<Profile, 'units' | 'unitsPerGroup'>): Campaign {
  const raw = JSON.parse(readFileSync(join(process.cwd(), 'data', 'campaign.json'), 'utf8'));
  const units = unitNames(p.units);
  const groups = [];
  for (let i = 0; i * p.unitsPerGroup < units.length; i++)
    groups.push({
      name: `社区矫正工作${i + 1}群`,
      units: units.slice(i * p.unitsPerGroup, (i + 1) * p.unitsPerGroup),
    });
  return parseCampaign({ ...raw, units, groups, supervisors: ['王科长'], admins: ['管理员'] });
}

/** The key of the person bound to unit `i` (two per unit). */
export function memberOf(i: number, second = false): string {
  return `wx_${i}${second ? 'b' : 'a'}`;
}

/** One change of a generated store's history, and the record it made (`H3`), if any. */
export interface GeneratedChange {
  event: StoredEvent;
  target: string | null;
}

/**
 * A store of about `records` records: half hazards (deadlines spread over the campaign, every status),
 * a tenth key persons, the rest count entries; two people bound per unit. `history` hears the
 * change that made each (writeStore puts them in audit/ and indexes them, as a real store has them).
 */
export function generate(
  records: number,
  c: Campaign,
  seed = 1,
  history?: (change: GeneratedChange) => void,
): State {
  const r = rng(seed);
  const s = emptyState();
  const at = '2022-08-05T09:00:00+08:00';
  const statuses = ['未整改', '整改中', '已整改', '无法整改'] as const;
  let seq = 0;
  // the history lives in audit/ segments on disk, not in the state
  const audit = ({ target, ...e }: Record<string, unknown> & { target: string | null }) =>
    history?.({ event: { ...e, at, msgId: null, seq } as StoredEvent, target });
  c.units.forEach((unit, i) => {
    for (const second of [false, true]) {
      seq++;
      const key = memberOf(i, second);
      s.bindings[key] = { unit, by: key, at };
      audit({ by: key, unit, type: 'bind', person: key, toUnit: unit, target: null });
    }
  });
  for (let i = 0; i < records; i++) {
    const unit = c.units[i % c.units.length] as string;
    const owner = personName(r);
    seq++;
    if (i % 10 < 5) {
      const status = statuses[Math.floor(r() * 4)] as (typeof statuses)[number];
      const day = 11 + Math.floor(r() * 40); // 8月11日 … 9月19日
      const deadline =
        day <= 31
          ? `2022-08-${String(day).padStart(2, '0')}`
          : `2022-09-${String(day - 31).padStart(2, '0')}`;
      const hazard = {
        category: pick(['一.1', '二.4', '二.7', '三.2', '四.1'], r),
        situation: `${pick(SITUATIONS, r)}（${personName(r).slice(0, 1)}某）`,
        measure: pick(MEASURES, r),
        department: unit,
        owner,
        deadline,
        status,
        note: status === '已整改' || status === '无法整改' ? '已处理' : null,
      };
      s.hazards.push({
        id: s.hazards.length + 1,
        unit,
        ...hazard,
        createdBy: owner,
        createdAt: at,
        rev: seq,
        withdrawn: null,
      });
      audit({ by: owner, unit, type: 'hazard.add', hazard, target: `H${s.hazards.length}` });
    } else if (i % 10 === 5) {
      const person = {
        name: personName(r),
        gender: r() < 0.85 ? '男' : '女',
        correctionType: '缓刑',
        types: [pick(['涉毒', '经济有纠纷', '家庭矛盾', '精神异常'], r)],
        crime: pick(['非法持有毒品罪', '盗窃罪', '诈骗罪', '故意伤害罪'], r),
        sentence: '有期徒刑一年，缓刑二年',
        termStart: '2022-01-01',
        termEnd: '2023-12-31',
        risk: '无',
        measures: '每周走访',
        owner,
      };
      s.keyPersons.push({
        id: s.keyPersons.length + 1,
        unit,
        ...person,
        createdBy: owner,
        createdAt: at,
        rev: seq,
        withdrawn: null,
      } as State['keyPersons'][number]);
      audit({ by: owner, unit, type: 'keyPerson.add', person, target: `P${s.keyPersons.length}` });
    } else {
      const item: '走访' | '教育' | '帮扶' = pick(['走访', '教育', '帮扶'] as const, r);
      const report = { kind: 'add' as const, item, n: 1 + Math.floor(r() * 3) };
      s.figures.push({ ...report, unit, by: owner, at, seq });
      audit({ by: owner, unit, type: 'figure', report, target: null });
    }
  }
  s.seq = seq;
  return s;
}

/**
 * Writes `state` into the data folder `dir` as the store keeps it: the snapshot (format, hash and
 * all) and, when given, the history, in segments of 1,000 changes under audit/ with its index in
 * the snapshot.
 */
export async function writeStore(dir: string, state: State, history: GeneratedChange[] = []): Promise<void> {
  mkdirSync(join(dir, AUDIT_DIR), { recursive: true, mode: 0o700 });
  const index = new HistoryIndex();
  for (let i = 0; i < history.length; i += 1000) {
    const part = history.slice(i, i + 1000);
    const first = part[0]?.event.seq ?? 1;
    const text = part.map((c) => `${JSON.stringify(c.event)}\n`).join('');
    writeFileSync(join(dir, AUDIT_DIR, `${String(first).padStart(12, '0')}.jsonl`), text, { mode: 0o600 });
    for (const c of part) if (c.target) index.add(c.target, c.event.seq);
  }
  await new SnapshotFile(dir, Date.now, 7).write(state, index, [], true);
}
