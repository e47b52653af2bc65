import type { AuditEntry, Changes, State, StoredEvent } from './state.js';

function applyChanges<T extends object>(record: T, changes: Changes<T>): void {
  for (const [k, v] of Object.entries(changes) as [keyof T, [unknown, unknown]][]) {
    (record as Record<keyof T, unknown>)[k] = v[1];
  }
}

/**
 * Applies one stored change to the state, in place, and records it in the audit log.
 * Deterministic: replaying the journal gives the same ids and the same state. Commands check
 * their preconditions before committing, so this only refuses an event that cannot apply at all
 * (a journal that does not belong to this state).
 */
export function applyEvent(state: State, ev: StoredEvent): AuditEntry {
  if (ev.seq !== state.seq + 1) throw new Error(`change #${ev.seq} does not follow #${state.seq}`);
  let target: string | null = null;
  switch (ev.type) {
    case 'bind':
      state.bindings[ev.person] = { unit: ev.toUnit, by: ev.by, at: ev.at };
      break;
    case 'unbind':
      delete state.bindings[ev.person];
      break;
    case 'hazard.add': {
      const id = state.hazards.length + 1;
      state.hazards.push({
        ...ev.hazard,
        id,
        unit: ev.unit ?? '',
        createdBy: ev.by,
        createdAt: ev.at,
        rev: ev.seq,
        withdrawn: null,
      });
      target = `H${id}`;
      break;
    }
    case 'hazard.edit':
    case 'hazard.withdraw': {
      const h = state.hazards[ev.id - 1];
      if (!h) throw new Error(`change #${ev.seq}: no hazard H${ev.id}`);
      if (ev.type === 'hazard.edit') applyChanges(h, ev.changes);
      else h.withdrawn = { by: ev.by, at: ev.at, reason: ev.reason };
      h.rev = ev.seq;
      target = `H${ev.id}`;
      break;
    }
    case 'keyPerson.add': {
      const id = state.keyPersons.length + 1;
      state.keyPersons.push({
        ...ev.person,
        id,
        unit: ev.unit ?? '',
        createdBy: ev.by,
        createdAt: ev.at,
        rev: ev.seq,
        withdrawn: null,
      });
      target = `P${id}`;
      break;
    }
    case 'keyPerson.edit':
    case 'keyPerson.withdraw': {
      const p = state.keyPersons[ev.id - 1];
      if (!p) throw new Error(`change #${ev.seq}: no key person P${ev.id}`);
      if (ev.type === 'keyPerson.edit') applyChanges(p, ev.changes);
      else p.withdrawn = { by: ev.by, at: ev.at, reason: ev.reason };
      p.rev = ev.seq;
      target = `P${ev.id}`;
      break;
    }
    case 'figure':
      state.figures.push({ ...ev.report, unit: ev.unit ?? '', by: ev.by, at: ev.at, seq: ev.seq });
      break;
    case 'submit':
      state.submissions.push({
        unit: ev.unit ?? '',
        form: ev.form,
        empty: ev.empty,
        by: ev.by,
        at: ev.at,
        seq: ev.seq,
      });
      break;
    case 'reminder.sent':
      for (const k of ev.keys) state.reminders[k] = ev.at;
      break;
  }
  state.seq = ev.seq;
  const entry: AuditEntry = { ...ev, target };
  state.audit.push(entry);
  return entry;
}
