import type { CommandContext } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import type { KeyPersonFields } from '../../store/state.js';
import { keyPersonLabel } from '../../views/keyPersonLabel.js';
import { diffFields } from '../shared/diffFields.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { assertMayActOn, findKeyPerson } from '../shared/recordId.js';
import { findDuplicate } from './findDuplicate.js';
import { KEY_PERSON_FIELD_LABELS, parseKeyPersonFields } from './keyPersonFields.js';
import { keyPersonFull } from './keyPersonFull.js';

const USAGE = '#修改 P2\n管控措施：每周走访两次\n风险：已与债主和解';

/** `#修改 Pn` + field lines. In a group the reply names only the changed fields, never their values. */
export async function editKeyPerson(ctx: CommandContext, id: number): Promise<Reply[]> {
  const { store, campaign } = ctx.deps;
  const p = findKeyPerson(store.state, id);
  assertMayActOn(p, `P${id}`, ctx.person);
  if (p.withdrawn)
    throw new UserError(`P${id} 已删除（${freeTextFor(ctx)(p.withdrawn.reason)}），不能再改。`);
  if (ctx.fields.size === 0) throw new UserError(`请逐行写上 P${id} 要修改的字段。`, USAGE);
  const { fields: next } = parseKeyPersonFields(ctx.fields, campaign, USAGE);
  const changes = diffFields<KeyPersonFields>(p, next);
  const keys = Object.keys(changes) as (keyof KeyPersonFields)[];
  if (keys.length === 0) throw new UserError(`P${id} 的内容与所写相同，没有需要修改的。`);
  const dup = findDuplicate(store.state.keyPersons, p.unit, { ...p, ...next }, id);
  if (dup) throw new UserError(`改后与本单位的 P${dup.id} 同名且矫正期限相同，请核对。`);
  const { keyPerson: after } = await store.commit({
    ...ctx.meta(p.unit),
    type: 'keyPerson.edit',
    id,
    changes,
  });
  const labels = [...new Set(keys.map((k) => KEY_PERSON_FIELD_LABELS[k].replace(/[起止]$/, '')))].join('、');
  return [
    {
      text: ctx.inGroup
        ? `已修改 ${keyPersonLabel(after ?? p)}：${labels}`
        : `已修改 P${id}：${labels}\n${keyPersonFull(after ?? p)}`,
    },
  ];
}
