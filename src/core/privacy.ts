import type { Campaign } from '../config/campaign.js';
import { FORM_INFO } from '../domain/catalog.js';
import type { State } from '../store/state.js';
import { memberNames } from '../views/members.js';
import { sensitiveTerms, type TermKind } from '../views/sensitiveTerms.js';
import type { FileReply, Outgoing } from './types.js';
import { whoIs } from './whoIs.js';

/**
 * The one outlet every message passes (replies, errors, lists, reminders alike).
 *
 * Files: who may receive a form is decided here, by the form the file holds: a group gets 附件3 at
 * most; 附件2 goes only to a supervisor's private chat; 附件1 to a supervisor's, or to a caseworker's
 * when it covers their own unit only. Anything else is replaced by a sentence saying where to ask.
 *
 * Text for a group: views already leave out sensitive fields and mask free text; this is the second
 * net. Every current and former name of a key person is masked (spacing and width variants too),
 * their crime and sentence hidden, and health terms hidden, in one pass. The catalog's 6+9 type
 * names are left alone (help and error messages list them), as are the members' own names.
 */
export function screenOutgoing(
  out: Outgoing,
  state: State,
  campaign: Campaign,
  verbatim: ReadonlySet<string> = new Set(),
): Outgoing {
  const r = out.reply;
  if ('file' in r) {
    const refusal = fileRefusal(out.to, r, state, campaign);
    return refusal ? { ...out, reply: { text: refusal } } : out;
  }
  if (!('room' in out.to)) return out;
  return { ...out, reply: { ...r, text: screenGroupText(r.text, state, campaign, verbatim) } };
}

/** Why this file may not go there, or null when it may. */
export function fileRefusal(
  to: Outgoing['to'],
  r: FileReply,
  state: State,
  campaign: Campaign,
): string | null {
  if (r.form === 'evidence') {
    if ('room' in to) return '佐证材料不发到群里。督导或本单位人员请私聊机器人发送 #佐证 H编号。';
    const p = whoIs({ key: to.person, name: to.person }, campaign, state);
    return p.isSupervisor || (p.unit !== null && p.unit === r.unit)
      ? null
      : '佐证材料只发送给督导人员或本单位人员。';
  }
  if (r.form === 'chart') return null;
  if (r.form === 'summary') {
    if ('room' in to) return '总结报告引用隐患情况，不发到群里。督导或司法所人员请私聊机器人发送 #总结。';
    const p = whoIs({ key: to.person, name: to.person }, campaign, state);
    return p.isSupervisor || (p.unit !== null && r.unit !== undefined && p.unit === r.unit)
      ? null
      : '总结报告只发送给督导人员或本单位人员。';
  }
  const info = FORM_INFO[r.form];
  if ('room' in to) {
    if (r.form === 'statistics') return null;
    return `${info.attachment} ${info.short}含个人信息，不发到群里。有权查看的人员请私聊机器人发送 #导出 ${info.short}。`;
  }
  const p = whoIs({ key: to.person, name: to.person }, campaign, state);
  if (p.isSupervisor) return null;
  // numbers only, yet #统计 is for staff: someone unbound while it was made is no longer asked for it
  if (r.form === 'statistics')
    return p.known ? null : `${info.attachment} ${info.short}只发送给工作人员（已绑定单位的人员和督导）。`;
  if (r.form === 'hazards' && p.unit !== null && r.unit === p.unit) return null;
  return r.form === 'keyPersons'
    ? `${info.attachment} ${info.short}只发送给督导人员。`
    : `${info.attachment} ${info.short}只发送给督导人员或本单位人员。`;
}

const OUTLET: ReadonlySet<TermKind> = new Set(['name', 'detail', 'health']);

/**
 * The second net for a text bound for a group (see `screenOutgoing`). Lines in `verbatim` (the
 * commands' own templates, whose example 罪名 may well be someone's real one) are left as written.
 */
export function screenGroupText(
  text: string,
  state: State,
  campaign: Campaign,
  verbatim: ReadonlySet<string> = new Set(),
): string {
  const terms = sensitiveTerms(state);
  const keep = memberNames(state, campaign);
  return text
    .split('\n')
    .map((line) => (verbatim.has(line) ? line : terms.mask(line, OUTLET, keep)))
    .join('\n');
}
