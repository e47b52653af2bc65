import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { resolveUnit } from '../../core/matchUnit.js';
import { UserError } from '../../core/UserError.js';
import { isConfirmed } from '../../domain/text.js';
import type { HazardFields } from '../../store/state.js';
import { assertColons, requireFields } from '../shared/fieldNames.js';
import { toSupervisors } from '../shared/notify.js';
import { HAZARD_FIELD_NAMES, parseHazardFields } from './hazardFields.js';
import { checkHazardRules } from './hazardRules.js';
import { hazardSummary } from './hazardSummary.js';
import { HAZARD_TEMPLATE } from './hazardTemplate.js';
import { majorNotice } from './majorNotice.js';

const UNIT_FIELDS = ['单位', '所属单位', '填报单位'];
const SUPERVISOR_TEMPLATE = HAZARD_TEMPLATE.replace('#隐患\n', '#隐患\n单位：东城司法所\n');

/** `#隐患` + field lines: log a hazard of my unit (附件1). */
export const hazard: Command = {
  name: '隐患',
  aliases: ['登记隐患', '新增隐患'],
  // caseworkers log for their unit; a supervisor names the unit on a `单位：` line
  access: 'staff',
  summary: '登记一条风险隐患（附件1）',
  fields: Object.values(HAZARD_FIELD_NAMES).flat(),
  usage: `${HAZARD_TEMPLATE}\n\n必填：类别、情况、措施、时限（已整改/无法整改可不写时限，但要写“说明”）。\n责任部门默认本单位，责任人默认本人，状态默认未整改。\n重大风险隐患加一行“重大：是”：督导人员会立即收到私信。`,
  async handle(ctx) {
    const { campaign, store, clock } = ctx.deps;
    // lines before the first field (`类别 二.1` without a colon) are in the arguments
    assertColons(
      ctx.args.replace(/[\s\u3000]+(?=[^\s:：]{1,12}[\s\u3000])/g, '\n'),
      Object.values(HAZARD_FIELD_NAMES).flat(),
      HAZARD_TEMPLATE,
    );
    const fields0 = new Map(ctx.fields);
    const unitLine = UNIT_FIELDS.map((n) => fields0.get(n)).find((v) => v !== undefined);
    for (const n of UNIT_FIELDS) fields0.delete(n);
    let unit: string;
    if (ctx.person.unit) unit = ctx.person.unit;
    else if (unitLine === undefined || unitLine.trim() === '')
      throw new UserError(
        '督导登记隐患不能省略单位：请加一行“单位：东城司法所”（司法所工作人员登记的隐患自动记在本单位）。',
        SUPERVISOR_TEMPLATE,
      );
    else unit = resolveUnit(unitLine, campaign.units, SUPERVISOR_TEMPLATE, UNIT_FIELDS);
    if (
      ctx.person.unit &&
      unitLine !== undefined &&
      resolveUnit(unitLine, campaign.units, HAZARD_TEMPLATE, UNIT_FIELDS) !== unit
    )
      throw new UserError(`您只能登记本单位（${unit}）的隐患，请去掉“单位”一行。`, HAZARD_TEMPLATE).at(
        UNIT_FIELDS,
      );
    if (fields0.size === 0) throw new UserError('请按模板逐行填写隐患内容。', HAZARD_TEMPLATE);
    const f = parseHazardFields(fields0, campaign, clock.now(), HAZARD_TEMPLATE);
    requireFields(
      f,
      [
        ['category', '类别'],
        ['situation', '情况'],
        ['measure', '措施'],
      ],
      HAZARD_TEMPLATE,
    );
    const fields: HazardFields = {
      category: f.category as string,
      situation: f.situation as string,
      measure: f.measure as string,
      department: f.department ?? unit,
      owner: f.owner ?? ctx.person.name,
      deadline: f.deadline ?? null,
      status: f.status ?? '未整改',
      // a hazard logged as already fixed: its 措施 is what was done
      note: f.note ?? ((f.status ?? '未整改') === '已整改' ? (f.measure ?? null) : null),
    };
    if (f.major) fields.major = true;
    checkHazardRules(fields, HAZARD_TEMPLATE);
    const dup = store.state.hazards.find(
      (h) =>
        !h.withdrawn && h.unit === unit && h.category === fields.category && h.situation === fields.situation,
    );
    if (dup && !isConfirmed(ctx.fields.get('确认')))
      throw new UserError(
        `本单位已登记过类别和情况都相同的 H${dup.id}，这次没有重复登记。要更新它，请用 #修改 H${dup.id}；确属另一条隐患，加一行“确认：是”再发送。`,
      );
    const { hazard: h } = await store.commit({ ...ctx.meta(unit), type: 'hazard.add', hazard: fields });
    if (!h) throw new Error('stored hazard not found');
    const summary = hazardSummary(h, campaignYear(campaign));
    if (!h.major) return [{ text: `已登记 ${summary}` }];
    return [
      { text: `已登记 ${summary}\n已标为重大风险隐患，已即时报告区社区矫正管理局。` },
      ...toSupervisors(campaign, store.state, majorNotice(h, summary, ctx.person.name)),
    ];
  },
};
