import { Document, type FileChild, Paragraph } from 'docx';
import type { Campaign } from '../../config/campaign.js';
import { campaignYear } from '../../config/campaign.js';
import { CATEGORY_GROUPS, categoryLabel, FORM_INFO, STATUSES } from '../../domain/catalog.js';
import { dateOf, formatMonthDay } from '../../domain/dates.js';
import { chineseDate } from '../exportContext.js';
import { formatRate } from '../statistics.js';
import { body, caption, heading, page, picture, subheading, TABLE_STYLES, table, title } from './gongwen.js';
import { HEALTH_TOGETHER } from './keyPersonTypes.js';
import { rawTableXml } from './rawTable.js';
import type { ListedHazard, SummaryFacts } from './summaryFacts.js';
import { statTable, statTableXml, unitList } from './summaryTables.js';

/** Rows a table in the body lists; the rest are counted there and listed in the appendix. */
export const BODY_ROWS = 20;

/** The charts, rendered (null: nothing to draw yet). */
export interface SummaryCharts {
  submission: Buffer | null;
  status: Buffer | null;
  category: Buffer | null;
  weekly: Buffer | null;
  width: number;
  height: number;
}

/** `【请补充：…】`: where the supervisor writes. */
const fill = (what: string) => `【请补充：${what}】`;

function hazardRows(list: readonly ListedHazard[], withText: boolean): (string | number)[][] {
  return list
    .slice(0, BODY_ROWS)
    .map((h) => [
      `H${h.id}`,
      h.unit,
      categoryLabel(h.category),
      h.status + (h.verified ? '（已销账）' : ''),
      ...(withText ? [h.text || '（未填写）'] : [h.returns]),
    ]);
}

/** The markers of the appendix tables' places. */
const APPENDIX = ['§附表1§', '§附表2§'] as const;

/**
 * The paragraphs of #总结: a 公文 draft whose figures are filled in and whose prose is left to
 * complete; `tables` are the appendix tables, to put in place of their markers once packed.
 */
export function summaryDocument(
  f: SummaryFacts,
  campaign: Campaign,
  charts: SummaryCharts,
): { doc: Document; tables: Map<string, string> } {
  const year = campaignYear(campaign);
  const md = (d: string) => formatMonthDay(d, year);
  const who = f.unit ?? campaign.issuer;
  const all = f.unit ? '本所' : `全区 ${f.units.length} 个单位`;
  const out: FileChild[] = [];
  const add = (...p: FileChild[]) => out.push(...p);
  // a figure's caption goes under it, a table's above it (the usual order in Chinese documents)
  const chart = (png: Buffer | null, name: string) =>
    png ? [picture(png, charts.width, charts.height, name), caption(name)] : [body(`（${name}：暂无数据）`)];

  add(title(`${who}关于${campaign.name}开展情况的总结`));
  add(body(`${f.unit ? campaign.reportTo : '市司法局'}：`, { noIndent: true }));
  add(
    body(
      `按照${campaign.issuer}关于开展${campaign.name}的实施方案要求，${all}于${md(campaign.start)}至${md(campaign.end)}开展专项活动。现将截至${chineseDate(f.asOf)}的开展情况总结如下（数据由工作群机器人自动汇总，文字部分请核实补充）。`,
    ),
  );

  // 一、基本情况
  add(heading('一、基本情况'));
  add(
    body(
      `活动分${campaign.phases.map((p) => `${p.name}（${md(p.start)}—${md(p.end)}）`).join('、')}${campaign.phases.length}个阶段。${fill('组织领导、动员部署、工作措施')}`,
    ),
  );
  add(subheading('（一）报送情况'));
  add(
    table(
      ['表格', '截止日期', '按时上报', '逾期上报', '未上报'],
      f.submissions.map((s) => [
        `${FORM_INFO[s.form].attachment} ${FORM_INFO[s.form].short}`,
        md(campaign.deadlines[s.form]),
        s.onTime,
        s.late,
        s.missing.length,
      ]),
      [3, 2, 1.4, 1.4, 1.4],
    ),
  );
  for (const s of f.submissions) {
    const parts = [
      ...(s.missing.length > 0 ? [`未上报 ${unitList(s.missing, BODY_ROWS)}`] : []),
      ...(s.late > 0 ? [`逾期上报 ${unitList(s.lateUnits, BODY_ROWS)}`] : []),
    ];
    if (parts.length > 0) add(body(`${FORM_INFO[s.form].attachment}：${parts.join('；')}。`));
  }
  if (f.empty.length > 0)
    add(
      body(
        `尚未登记任何隐患、重点人员或统计数据的单位 ${f.empty.length} 个：${unitList(f.empty, BODY_ROWS)}。`,
      ),
    );
  add(...chart(charts.submission, '图1 各表上报进度'));

  // 二、隐患排查整治情况
  add(heading('二、隐患排查整治情况'));
  add(subheading('（一）排查情况'));
  if (f.hazardTotal === 0) add(body('截至目前，尚未登记风险隐患。'));
  else {
    add(
      body(
        `共排查风险隐患 ${f.hazardTotal} 条，其中${CATEGORY_GROUPS.map((g, i) => `“${g}”方面 ${f.bySection[i] ?? 0} 条`).join('，')}。按类别统计如下（按条数从多到少）：`,
      ),
    );
    add(
      table(
        ['序号', '风险隐患类别', '条数', '涉及单位数'],
        f.byCategory.map((c, i) => [i + 1, categoryLabel(c.code), c.count, c.units]),
        [0.8, 7, 1, 1.4],
      ),
    );
    add(...chart(charts.category, '图2 隐患类别分布'));
  }
  add(subheading('（二）整改情况'));
  add(
    body(
      `整改状态：${STATUSES.map((s) => `${s} ${f.statuses[s]} 条`).join('，')}。已整改、无法整改的隐患经区社区矫正管理局核验销账 ${f.closedOut} 条，等待核验 ${f.awaiting} 条；核验退回 ${f.returned.length} 条，其中退回两次及以上 ${f.returned.filter((h) => h.returns >= 2).length} 条；超过完成时限仍未整改 ${f.overdue} 条。`,
    ),
  );
  add(
    table(
      ['整改状态', ...STATUSES, '合计'],
      [['条数', ...STATUSES.map((s) => f.statuses[s]), f.hazardTotal]],
    ),
  );
  add(...chart(charts.status, '图3 各单位隐患整改情况'), ...chart(charts.weekly, '图4 每周发现与销账隐患'));
  add(subheading('（三）重大风险隐患'));
  if (f.major.length === 0) add(body('未登记重大风险隐患。'));
  else {
    add(
      body(
        `登记重大风险隐患 ${f.major.length} 条${f.major.length > BODY_ROWS ? `（列前 ${BODY_ROWS} 条）` : ''}：`,
      ),
    );
    add(
      table(['编号', '单位', '类别', '整改状态', '基本情况'], hazardRows(f.major, true), [1, 2, 4, 1.6, 4]),
    );
  }

  // 三、重点人员管控情况
  add(heading('三、重点人员管控情况'));
  const t = f.stat.total;
  add(
    body(
      `排查“6+9”类重点社区矫正对象 ${t.keyPersons} 人（附件3合计，按人数计；一人可属多类，分类人数之和可大于总数）。本总结只列人数，不列姓名、罪名和健康状况。`,
    ),
  );
  add(
    table(
      ['类型', '人数'],
      [...f.keyTypes.map((k) => [k.type, k.count]), [HEALTH_TOGETHER, f.healthTogether]],
      [5, 1],
    ),
  );
  add(
    body(
      `${f.unit ? '' : `附件3合计（已上报 ${f.statCovered.length} 个单位）：`}走访 ${t.visits} 人次、惩处 ${t.punishments} 人次、教育 ${t.education} 人次、帮扶 ${t.assistance} 人次；应收未收 ${t.uncollected ?? 0} 人，脱管 ${t.absconded ?? 0} 人；定位监管率 ${formatRate(t.rate)}（${t.located ?? 0}/${t.registered ?? 0}，按人数加权）。`,
    ),
  );
  if (f.statMissing.length > 0)
    add(
      body(
        `未上报统计表、不计入合计的单位 ${f.statMissing.length} 个：${unitList(f.statMissing, BODY_ROWS)}。`,
      ),
    );
  add(caption('表 附件3统计表合计'));
  add(statTable([t], f.unit ? '合计' : `合计（${f.statCovered.length}个单位）`));

  // 四、监督检查情况
  add(heading('四、监督检查情况'));
  if (f.spotChecks.length === 0) add(body(`尚未组织随机抽查。${fill('查阅资料、现场询问、交叉检查情况')}`));
  else {
    const drawn = f.spotChecks.reduce((n, c) => n + c.drawn, 0);
    add(
      body(
        `共组织随机抽查 ${f.spotChecks.length} 次，抽取已整改、无法整改隐患 ${drawn} 条：${f.spotChecks
          .map(
            (c) =>
              `${md(c.date)}从 ${c.pool} 条中抽取 ${c.drawn} 条，现已核验销账 ${c.closedOut} 条、退回整改 ${c.returned} 条、待核验 ${c.waiting} 条`,
          )
          .join('；')}。${fill('现场核查发现的问题')}`,
      ),
    );
  }

  // 五、存在的突出问题
  add(heading('五、存在的突出问题'));
  add(subheading('（一）普遍性问题'));
  if (f.recurring.length === 0) add(body(`暂无在 ${f.recurAt} 个及以上单位重复出现的隐患类别。`));
  else
    add(
      body(
        `在 ${f.recurAt} 个及以上单位出现的隐患类别 ${f.recurring.length} 类：${f.recurring
          .slice(0, 10)
          .map((c) => `${categoryLabel(c.code)}（${c.units} 个单位、${c.count} 条）`)
          .join('；')}${f.recurring.length > 10 ? `等` : ''}。${fill('原因分析')}`,
      ),
    );
  add(subheading('（二）老大难问题'));
  const many = f.returned.filter((h) => h.returns >= 2);
  if (many.length === 0) add(body('暂无两次及以上核验退回的隐患。'));
  else {
    add(body(`核验退回两次及以上的隐患 ${many.length} 条：`));
    add(table(['编号', '单位', '类别', '整改状态', '退回次数'], hazardRows(many, false), [1, 2, 5, 1.6, 1]));
  }
  if (f.cannot.length === 0) add(body('没有标为无法整改的隐患。'));
  else {
    add(body(`标为无法整改的隐患 ${f.cannot.length} 条及原因：`));
    add(table(['编号', '单位', '类别', '整改状态', '原因'], hazardRows(f.cannot, true), [1, 2, 4, 1.6, 4]));
  }
  add(subheading('（三）其他问题'));
  add(body(fill('其他突出问题')));

  // 六、下一步工作打算
  add(heading('六、下一步工作打算'));
  add(body(`（一）${fill('建章立制、完善相关规定，形成长效机制')}`));
  add(body(`（二）${fill('推广典型经验和做法')}`));
  add(body(`（三）${fill('对未销账、无法整改隐患的持续跟踪措施')}`));
  add(new Paragraph({ children: [] }));
  add(body(who, { right: true }));
  add(body(chineseDate(f.asOf), { right: true }));

  // 附表: every unit, however many
  add(new Paragraph({ pageBreakBefore: true, children: [] }));
  // the appendix tables are written as text (`rawTableXml`) into the marked paragraphs: thousands of rows
  add(heading('附表1 各单位统计表（附件3）'));
  add(body(APPENDIX[0], { noIndent: true }));
  add(heading('附表2 各单位上报情况'));
  add(body(APPENDIX[1], { noIndent: true }));
  const late = f.submissions.map((s) => ({ late: new Set(s.lateUnits), missing: new Set(s.missing) }));
  const tables = new Map([
    [APPENDIX[0], statTableXml(f.stat.rows, new Set(f.statMissing))],
    [
      APPENDIX[1],
      rawTableXml(
        ['序号', '单位', ...f.submissions.map((s) => FORM_INFO[s.form].attachment)],
        f.units.map((u, i) => [
          i + 1,
          u,
          ...late.map((l) => (l.missing.has(u) ? '未上报' : l.late.has(u) ? '逾期上报' : '按时上报')),
        ]),
        [0.8, 3, 1.4, 1.4, 1.4],
      ),
    ],
  ]);
  add(body(`数据截至 ${dateOf(f.asOf)}。`, { noIndent: true }));
  const doc = new Document({
    creator: 'jiaozheng-bot',
    title: `${campaign.name}总结`,
    styles: { paragraphStyles: TABLE_STYLES },
    sections: [page(out)],
  });
  return { doc, tables };
}
