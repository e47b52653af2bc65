import { basename } from 'node:path';
import { FORM_INFO, KEY_TYPES } from '../domain/catalog.js';
import { maskName } from '../domain/text.js';
import { changesSince } from '../store/Store.js';
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

/** A sensitive string and what a group sees instead. */
interface Secret {
  text: string;
  shown: string;
}

const secretCache = new WeakMap<State, { seq: number; byFirst: Map<string, Secret[]> }>();

/**
 * Every string a group must not see, indexed by its first character (longest first), rebuilt only
 * when a key person was added, edited or withdrawn: screening a reply then costs one pass over
 * its text, whatever the number of key persons.
 */
function secrets(state: State): Map<string, Secret[]> {
  const hit = secretCache.get(state);
  if (hit && hit.seq === state.seq) return hit.byFirst;
  const since = hit ? changesSince(state, hit.seq) : null;
  if (hit && since) {
    if (!since.some((e) => e.type.startsWith('keyPerson'))) {
      hit.seq = state.seq;
      return hit.byFirst;
    }
  }
  const list: Secret[] = KEY_TYPES.map((t) => ({ text: t, shown: '*'.repeat(t.length) }));
  for (const p of state.keyPersons) {
    for (const secret of [p.crime, p.sentence])
      if (secret.length >= 2) list.push({ text: secret, shown: HIDDEN });
    if (p.name.length >= 2) list.push({ text: p.name, shown: maskName(p.name) });
  }
  const byFirst = new Map<string, Secret[]>();
  for (const x of list.sort((a, b) => b.text.length - a.text.length)) {
    const first = x.text[0] as string;
    const bucket = byFirst.get(first) ?? [];
    if (!bucket.some((y) => y.text === x.text)) bucket.push(x);
    byFirst.set(first, bucket);
  }
  secretCache.set(state, { seq: state.seq, byFirst });
  return byFirst;
}

/** Masks every key person's name, crime and sentence, and every 6+9 type name, in a text for a group. */
export function screenGroupText(text: string, state: State): string {
  const byFirst = secrets(state);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const bucket = byFirst.get(text[i] as string);
    const hit = bucket?.find((x) => text.startsWith(x.text, i));
    if (hit) {
      out += hit.shown;
      i += hit.text.length;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Builds the caches a first reply would otherwise pay for (called at start-up). */
export function warmPrivacy(state: State): void {
  secrets(state);
}
