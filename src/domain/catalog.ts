/**
 * The campaign's fixed vocabulary, from 达川司发〔2022〕38号 section 四 and its 附件1–3.
 * Every command, report and test takes these words from here, never from a literal of its own.
 */

/** One of the 24 items of section 四 "排查整治重点". */
export interface HazardCategory {
  /** `一.1` … `三.6` */
  code: string;
  /** 1, 2, 3 for (一), (二), (三) */
  group: number;
  item: number;
  name: string;
}

export const CATEGORY_GROUPS = [
  '社区矫正安全稳定责任落实情况',
  '社区矫正监督管理工作安全稳定情况',
  '社区矫正教育帮扶安全稳定工作情况',
] as const;

export const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

const GROUP_ITEMS: readonly (readonly string[])[] = [
  [
    '矫正委员会未定期研究、未定期分析研判安全稳定形势',
    '思想麻痹松懈、监管规定落实不到位（安全教育、廉政教育、业务培训）',
    '对风险隐患心中无数、整改不力（风险评估、分级管理、隐患台账）',
    '应急处置不力（应急处置制度、突发事件预案）',
    '政治思想认识不到位、工作不到位（工作措施、责任体系、责任清单）',
  ],
  [
    '谈话、走访、记录不细不全不及时，安全管控不到位',
    '政治警惕性不高，发现苗头隐患报告不及时',
    '安全防范意识不强，重点人员行为表现、行动轨迹分析不深不透不准（“6+9”底数、专门台账、针对性管控）',
    '不假外出、审批不严和请假超时',
    '暂予监外执行病情复查、收监执行衔接配合不到位',
    '对脱漏管、在逃社区矫正对象惩处不到位',
    '意识形态责任制、网络舆情监测和重大敏感舆情报告制度落实不到位',
    '有令不行、有禁不止（值班备勤、重大事项请示报告）',
    '场所安全防护设施缺失、未落实信息化管理制度',
    '疫情防控政策执行不力、违规审批前往涉风险地区',
    '执法不严格、不规范、不文明',
    '履职不到位、管理不到位、不正之风和腐败问题',
    '处置防范突发事件不到位',
  ],
  [
    '教育形式走过场、内容单一雷同、效果欠佳',
    '未精准研判个体犯罪风险和矫正需求（个别教育）',
    '就业歧视、未落实税贷保险补贴等就业扶持政策',
    '未落实未成年社区矫正对象完成义务教育',
    '生活困难对象的教育、生活救助和社会保障帮扶不到位',
    '公益活动未纳入矫正方案、未按规定审批减免',
  ],
];

/** All 24 categories in the plan's order. */
export const CATEGORIES: readonly HazardCategory[] = GROUP_ITEMS.flatMap((items, g) =>
  items.map((name, i) => ({ code: `${CHINESE_NUMERALS[g]}.${i + 1}`, group: g + 1, item: i + 1, name })),
);

export const CATEGORY_BY_CODE: ReadonlyMap<string, HazardCategory> = new Map(
  CATEGORIES.map((c) => [c.code, c]),
);

/** `二.4 不假外出、审批不严和请假超时`: how a category appears in replies and in 附件1. */
export function categoryLabel(code: string): string {
  const c = CATEGORY_BY_CODE.get(code);
  return c ? `${c.code} ${c.name}` : code;
}

/** 整改状态, in the seed's own order (附件1 说明3). */
export const STATUSES = ['无法整改', '未整改', '整改中', '已整改'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses that close a hazard (销账); each needs a note saying what was done or why not. */
export const CLOSED_STATUSES: readonly Status[] = ['无法整改', '已整改'];
export const OPEN_STATUSES: readonly Status[] = ['未整改', '整改中'];

/** 矫正类型: the four kinds of community correction. */
export const CORRECTION_TYPES = ['管制', '缓刑', '假释', '暂予监外执行'] as const;
export type CorrectionType = (typeof CORRECTION_TYPES)[number];

export const GENDERS = ['男', '女'] as const;
export type Gender = (typeof GENDERS)[number];

/** "6+9" 重点人员类型 (二.3 of section 四). */
export const KEY_TYPES_6 = [
  '经济有纠纷',
  '情感有矛盾',
  '身体有重病',
  '性格有偏激',
  '精神有异常',
  '生活无来源',
] as const;
export const KEY_TYPES_9 = [
  '涉黑恶',
  '涉枪爆',
  '涉恐',
  '危安',
  '涉邪教',
  '专案',
  '政治重点人',
  '涉毒',
  '患艾',
] as const;
export const KEY_TYPES: readonly string[] = [...KEY_TYPES_6, ...KEY_TYPES_9];

/** The three forms. */
export const FORMS = ['hazards', 'keyPersons', 'statistics'] as const;
export type Form = (typeof FORMS)[number];

export const FORM_INFO: Record<
  Form,
  { attachment: string; title: string; short: string; aliases: string[] }
> = {
  hazards: {
    attachment: '附件1',
    title: '社区矫正隐患排查整治专项活动工作台账',
    short: '隐患台账',
    aliases: ['台账', '隐患台账', '工作台账', '隐患', '附件1', '1', '台帐', '隐患台帐', '工作台帐'],
  },
  keyPersons: {
    attachment: '附件2',
    title: '“6+9”重点社区矫正对象台账',
    short: '重点人员台账',
    aliases: ['重点人员', '重点人员台账', '重点对象', '6+9', '附件2', '2'],
  },
  statistics: {
    attachment: '附件3',
    title: '社区矫正隐患排查整治统计表',
    short: '统计表',
    aliases: ['统计', '统计表', '附件3', '3'],
  },
};

/** Figures a unit reports for 附件3. Cumulative ones add up; current ones replace. */
export const CUMULATIVE_FIGURES = ['走访', '惩处', '教育', '帮扶'] as const;
export type CumulativeFigure = (typeof CUMULATIVE_FIGURES)[number];
export const CURRENT_FIGURES = ['应收未收', '脱管'] as const;
export type CurrentFigure = (typeof CURRENT_FIGURES)[number];

/**
 * Health terms a group must never read, beyond the 6+9 type names: they appear in no category,
 * template or help text, so the outlet masks them anywhere. (The 6+9 type names themselves are
 * masked only in free text: help and error messages must be able to list them.)
 */
export const HEALTH_TERMS: readonly string[] = [
  '艾滋病',
  '艾滋',
  'HIV',
  '病毒感染者',
  '精神病',
  '精神分裂',
  '癌症',
  '尿毒症',
];
