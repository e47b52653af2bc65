import { campaignYear } from '../config/campaign.js';
import type { Command } from '../core/Command.js';
import { UserError } from '../core/UserError.js';
import { isConfirmed } from '../domain/text.js';
import type { HazardFields } from '../store/state.js';
import { requireFields } from './fieldNames.js';
import {
  checkHazardRules,
  HAZARD_TEMPLATE,
  hazardSummary,
  majorNotice,
  parseHazardFields,
} from './hazardFields.js';
import { toSupervisors } from './notify.js';

/** `#隐患` + field lines: log a hazard of my unit (附件1). */
export const hazard: Command = {
  name: '隐患',
  aliases: ['登记隐患', '新增隐患'],
  access: 'caseworker',
  summary: '登记一条风险隐患（附件1）',
  usage: `${HAZARD_TEMPLATE}\n\n必填：类别、情况、措施、时限（已整改/无法整改可不写时限，但要写“说明”）。\n责任部门默认本单位，责任人默认本人，状态默认未整改。\n重大风险隐患加一行“重大：是”：督导人员会立即收到私信。`,
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
      ...toSupervisors(campaign, majorNotice(h, summary, ctx.person.name)),
    ];
  },
};
