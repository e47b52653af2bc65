import { UserError } from '../../core/UserError.js';
import { FORM_INFO, FORMS, type Form } from '../../domain/catalog.js';
import { toHalfWidth } from '../../domain/text.js';

/** `台账` → hazards, `重点人员` → keyPersons, `统计` → statistics (also 附件1–3). */
export function parseForm(text: string | undefined, template: string): Form {
  const t = toHalfWidth(text ?? '').replace(/\s+/g, '');
  const f = FORMS.find((x) => FORM_INFO[x].aliases.includes(t));
  if (!f) throw new UserError(`请写明哪一张表：台账（附件1）、重点人员（附件2）或统计（附件3）。`, template);
  return f;
}

/** `附件1 隐患台账` */
export function formName(form: Form): string {
  return `${FORM_INFO[form].attachment} ${FORM_INFO[form].short}`;
}
