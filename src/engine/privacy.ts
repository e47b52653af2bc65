import { basename } from 'node:path';
import { FORM_INFO, KEY_TYPES } from '../domain/catalog.js';
import { maskName } from '../domain/text.js';
import type { State } from '../store/state.js';
import type { Outgoing } from './types.js';

/**
 * The privacy tier, applied to every message bound for a group (replies, errors, lists,
 * reminders, summaries alike): a key person's full name becomes the masked name, their crime
 * and sentence are hidden, and no 6+9 type name gets through. Commands try not to write these
 * into group text at all; this is the one place that makes sure.
 */
export function screenOutgoing(out: Outgoing, state: State): Outgoing {
  if (!('room' in out.to)) return out;
  const r = out.reply;
  if ('file' in r) {
    if (basename(r.file).startsWith(FORM_INFO.keyPersons.attachment))
      return { ...out, reply: { text: '重点人员台账含敏感个人信息，只在私聊中发送给督导人员。' } };
    return out;
  }
  return { ...out, reply: { ...r, text: screenGroupText(r.text, state) } };
}

const HIDDEN = '（已隐去）';

/** Masks every key person's name, crime and sentence, and every 6+9 type name, in a text for a group. */
export function screenGroupText(text: string, state: State): string {
  let t = text;
  for (const p of state.keyPersons) {
    for (const secret of [p.crime, p.sentence])
      if (secret.length >= 2 && t.includes(secret)) t = t.replaceAll(secret, HIDDEN);
    if (p.name.length >= 2 && t.includes(p.name)) t = t.replaceAll(p.name, maskName(p.name));
  }
  for (const type of KEY_TYPES) if (t.includes(type)) t = t.replaceAll(type, '*'.repeat(type.length));
  return t;
}
