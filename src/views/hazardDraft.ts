import { CATEGORIES, CATEGORY_BY_CODE, type HazardCategory } from '../domain/catalog.js';

/** Words that point to one category: what a caseworker writes when describing a hazard freely. */
const KEYWORDS: readonly [RegExp, string][] = [
  [/请假|销假|外出|超时|超期/, '二.4'],
  [/脱管|漏管|在逃|失联/, '二.6'],
  [/监外执行|病情|复查|收监/, '二.5'],
  [/定位|轨迹|重点人员|6\+9/, '二.3'],
  [/走访|谈话|记录/, '二.1'],
  [/舆情|网络|意识形态/, '二.7'],
  [/疫情|防控|风险地区/, '二.10'],
  [/值班|备勤|请示报告/, '二.8'],
  [/执法/, '二.11'],
  [/突发事件/, '二.13'],
  [/就业|税贷|补贴/, '三.3'],
  [/未成年|义务教育/, '三.4'],
  [/生活困难|救助|社会保障/, '三.5'],
  [/公益/, '三.6'],
  [/应急/, '一.4'],
];

/** The most likely category of a free description, or null. */
export function guessCategory(text: string): HazardCategory | null {
  for (const [re, code] of KEYWORDS) if (re.test(text)) return CATEGORY_BY_CODE.get(code) ?? null;
  let best: { c: HazardCategory; score: number } | null = null;
  for (const c of CATEGORIES) {
    const score = Array.from(new Set(text)).filter(
      (ch) => /\p{Script=Han}/u.test(ch) && c.name.includes(ch),
    ).length;
    if (score >= 3 && (!best || score > best.score)) best = { c, score };
  }
  return best?.c ?? null;
}

/** True when a message without a command reads like the report of a hazard. */
export function looksLikeHazard(text: string): boolean {
  return /隐患|风险/.test(text) || guessCategory(text) !== null;
}

/**
 * `东城所新发现一个隐患：对象刘某请假超期2天未销假` → a #隐患 draft with 类别 guessed and 情况
 * filled, to copy, complete and send.
 */
export function hazardDraft(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const colon = oneLine.search(/[:：]/);
  const situation = (colon >= 0 ? oneLine.slice(colon + 1) : oneLine).trim();
  const c = guessCategory(situation) ?? guessCategory(oneLine);
  return [
    `看起来您要登记一条隐患。下面是草稿${c ? '（类别是按内容猜的，请核对；发送 #类别 查看全部）' : ''}，补全“措施”“时限”后整条复制发送：`,
    '#隐患',
    `类别：${c ? `${c.code}` : '（发送 #类别 查看编号）'}`,
    `情况：${situation}`,
    '措施：',
    '时限：',
  ].join('\n');
}
