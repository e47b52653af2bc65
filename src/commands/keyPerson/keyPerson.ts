import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { KEY_TYPES_6, KEY_TYPES_9 } from '../../domain/catalog.js';
import type { KeyPersonFields } from '../../store/state.js';
import { keyPersonLabel } from '../../views/keyPersonLabel.js';
import { requireFields } from '../shared/fieldNames.js';
import { findDuplicate } from './findDuplicate.js';
import { parseKeyPersonFields } from './keyPersonFields.js';
import { keyPersonFull } from './keyPersonFull.js';
import { keyPersonList } from './keyPersonList.js';
import { keyPersonOf } from './keyPersonOf.js';
import { KEY_PERSON_TEMPLATE } from './keyPersonTemplate.js';

/** `#重点人员` + field lines: log a "6+9" key person of my unit (附件2). Best sent in private chat. */
export const keyPerson: Command = {
  name: '重点人员',
  aliases: ['登记重点人员', '新增重点人员'],
  access: 'caseworker',
  summary: '登记“6+9”重点社区矫正对象（附件2，建议私聊机器人发送）',
  usage: `${KEY_PERSON_TEMPLATE}\n\n必填：姓名、性别、矫正类型、类型、管控措施。类型可多选，用、分隔：\n6类：${KEY_TYPES_6.join('、')}\n9类：${KEY_TYPES_9.join('、')}\n含敏感个人信息，建议私聊机器人发送；在群里回复只显示化名。`,
  async handle(ctx) {
    const { campaign, store } = ctx.deps;
    // `#重点人员 列表` (with a space) is the list
    if (/^(列表|台账|台帐|清单)$/.test(ctx.argv[0] ?? '') && ctx.fields.size === 0)
      return keyPersonList.handle({ ...ctx, argv: ctx.argv.slice(1), args: ctx.argv.slice(1).join(' ') });
    const unit = ctx.person.unit as string;
    if (ctx.fields.size === 0)
      throw new UserError(
        '请按模板逐行填写（建议私聊机器人发送 #帮助 重点人员 获取模板）。',
        ctx.inGroup ? undefined : KEY_PERSON_TEMPLATE,
      );
    const template = ctx.inGroup ? undefined : KEY_PERSON_TEMPLATE;
    const { fields: f, confirmed } = parseKeyPersonFields(ctx.fields, campaign, KEY_PERSON_TEMPLATE);
    requireFields(
      f,
      [
        ['name', '姓名'],
        ['gender', '性别'],
        ['correctionType', '矫正类型'],
        ['types', '类型'],
        ['measures', '管控措施'],
      ],
      template,
    );
    const fields: KeyPersonFields = keyPersonOf(f, ctx.person.name);
    const dup = findDuplicate(store.state.keyPersons, unit, fields);
    if (dup && !confirmed)
      throw new UserError(
        `本单位已登记过同一人 ${keyPersonLabel(dup)}（同名${fields.termStart || fields.termEnd ? '、同矫正期限' : '、同性别'}），未重复登记。如要更新，请用 #修改 P${dup.id} 写要改的字段；确属另一人，加一行“确认：是”再发送。`,
      );
    const { keyPerson: p } = await store.commit({ ...ctx.meta(unit), type: 'keyPerson.add', person: fields });
    if (!p) throw new Error('stored key person not found');
    return [
      {
        text: ctx.inGroup
          ? `已登记 ${keyPersonLabel(p)}。重点人员信息敏感，今后请私聊机器人登记。`
          : `已登记 ${keyPersonFull(p)}`,
      },
    ];
  },
};
