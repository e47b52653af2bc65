import { campaignYear } from '../config/campaign.js';
import type { Command } from '../core/Command.js';
import { UserError } from '../core/UserError.js';
import type { HazardFields } from '../store/state.js';
import { requireFields } from './fieldNames.js';
import { checkHazardRules, HAZARD_TEMPLATE, hazardSummary, parseHazardFields } from './hazardFields.js';

/** `#隐患` + field lines: log a hazard of my unit (附件1). */
export const hazard: Command = {
  name: '隐患',
  aliases: ['登记隐患', '新增隐患'],
  access: 'caseworker',
  summary: '登记一条风险隐患（附件1）',
  usage: `${HAZARD_TEMPLATE}\n\n必填：类别、情况、措施、时限（已整改/无法整改可不写时限，但要写“说明”）。\n责任部门默认本单位，责任人默认本人，状态默认未整改。`,
  async handle(ctx) {
    const { campaign, store, clock } = ctx.deps;
    const unit = ctx.person.unit as string;
    if (ctx.fields.size === 0) throw new UserError('请按模板逐行填写隐患内容。', HAZARD_TEMPLATE);
    const f = parseHazardFields(ctx.fields, campaign, clock.now(), HAZARD_TEMPLATE);
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
      note: f.note ?? null,
    };
    checkHazardRules(fields, HAZARD_TEMPLATE);
    const { hazard: h } = await store.commit({ ...ctx.meta(unit), type: 'hazard.add', hazard: fields });
    if (!h) throw new Error('stored hazard not found');
    return [{ text: `已登记 ${hazardSummary(h, campaignYear(campaign))}` }];
  },
};
