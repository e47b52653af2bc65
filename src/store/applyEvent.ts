import { keepFromHistory } from './keepFromHistory.js';
import { addRecord, afterValues, KINDS, reviseRecord } from './recordLifecycle.js';
import { type AuditEntry, type Committed, type State, type StoredEvent, targetOf } from './state.js';

/**
 * Applies one stored change to the state, in place, and says what it touched and created.
 * Deterministic: replaying the journal gives the same ids and the same state. Commands check
 * their preconditions before committing, so this only refuses an event that cannot apply at all
 * (a journal that does not belong to this state).
 *
 * Records are replaced, never changed in place (copy on write), and arrays only grow: a snapshot
 * being written in the background keeps a consistent view with a shallow copy of the arrays.
 */
export function applyEvent(state: State, ev: StoredEvent): Committed {
  if (ev.seq !== state.seq + 1) throw new Error(`change #${ev.seq} does not follow #${state.seq}`);
  const entry: AuditEntry = { ...ev, target: targetOf(state, ev) };
  const done: Committed = { entry, hazard: null, keyPerson: null };
  switch (ev.type) {
    case 'bind':
      state.bindings[ev.person] = {
        unit: ev.toUnit,
        by: ev.by,
        at: ev.at,
        ...(ev.name !== undefined ? { name: ev.name } : {}),
      };
      delete state.requests[ev.person];
      break;
    case 'unbind':
      delete state.bindings[ev.person];
      delete state.requests[ev.person];
      delete state.roles[ev.person];
      break;
    case 'bind.request': {
      // People type these numbers (#批准 2): a series of their own, not the change number, which
      // every other change advances. A file from before the series numbered requests by change, so
      // it continues from the change before this one: no number handed out earlier comes again.
      const no = (state.requestsFiled ?? ev.seq - 1) + 1;
      state.requestsFiled = no;
      // a changed request withdraws the one before: it is remembered so its number is refused plainly
      const prev = state.requests[ev.person];
      const replaces = prev
        ? [...(prev.replaces ?? []), { no: prev.no, kind: prev.kind, unit: prev.unit }]
        : undefined;
      state.requests[ev.person] = {
        no,
        name: ev.name,
        kind: ev.kind,
        unit: ev.toUnit,
        at: ev.at,
        ...(replaces ? { replaces } : {}),
      };
      break;
    }
    case 'bind.refuse':
      delete state.requests[ev.person];
      break;
    case 'role.grant': {
      const was = state.roles[ev.person];
      state.roles[ev.person] = {
        admin: ev.role === 'admin' || (was?.admin ?? false),
        supervisor: ev.role === 'supervisor' || (was?.supervisor ?? false),
        name: ev.name,
        by: ev.by,
        at: ev.at,
      };
      delete state.requests[ev.person];
      break;
    }
    case 'hazard.add':
      done.hazard = addRecord(state.hazards, ev.hazard, ev);
      break;
    case 'hazard.edit':
    case 'hazard.withdraw':
      done.hazard = reviseRecord(state.hazards, KINDS.hazard, ev, (next) => {
        if (ev.type === 'hazard.edit' && ev.changes.status && next.verified) next.verified = null;
      });
      break;
    case 'keyPerson.add':
      done.keyPerson = addRecord(state.keyPersons, ev.person, ev);
      break;
    case 'keyPerson.edit':
    case 'keyPerson.withdraw':
      done.keyPerson = reviseRecord(state.keyPersons, KINDS.keyPerson, ev);
      keepFromHistory(state, ev);
      break;
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
    case 'hazard.verify': {
      const h = state.hazards[ev.id - 1];
      if (!h) throw new Error(`change #${ev.seq}: no hazard H${ev.id}`);
      const next =
        ev.result === 'pass'
          ? { ...h, verified: { by: ev.by, at: ev.at } }
          : {
              ...h,
              status: '整改中' as const,
              verified: null,
              returned: { by: ev.by, at: ev.at, reason: ev.reason ?? '' },
              rev: ev.seq,
            };
      state.hazards[ev.id - 1] = next;
      done.hazard = next;
      keepFromHistory(state, ev);
      break;
    }
    case 'hazard.evidence': {
      const h = state.hazards[ev.id - 1];
      if (!h) throw new Error(`change #${ev.seq}: no hazard H${ev.id}`);
      const next = { ...h, evidence: [...(h.evidence ?? []), { ...ev.evidence, by: ev.by, at: ev.at }] };
      state.hazards[ev.id - 1] = next;
      done.hazard = next;
      break;
    }
    case 'spotCheck':
    case 'terms.carry':
      keepFromHistory(state, ev);
      break;
    case 'undo':
      applyUndo(state, ev, done);
      break;
  }
  state.seq = ev.seq;
  return done;
}

/** Refuses, before anything is written, a change that could not apply (a record that does not exist). */
export function checkApplicable(state: State, events: StoredEvent[]): void {
  let hazards = state.hazards.length;
  let keyPersons = state.keyPersons.length;
  for (const ev of events) {
    if (ev.type === 'hazard.add') hazards++;
    if (ev.type === 'keyPerson.add') keyPersons++;
    if ((ev.type === 'hazard.edit' || ev.type === 'hazard.withdraw') && ev.id > hazards)
      throw new Error(`no hazard H${ev.id}`);
    if ((ev.type === 'keyPerson.edit' || ev.type === 'keyPerson.withdraw') && ev.id > keyPersons)
      throw new Error(`no key person P${ev.id}`);
  }
}

/** The reverse of one earlier change (#撤销), copy on write like every other change. */
function applyUndo(state: State, ev: Extract<StoredEvent, { type: 'undo' }>, done: Committed): void {
  const undone = { by: ev.by, at: ev.at, reason: '撤销登记' };
  if (ev.hazard) {
    const h = state.hazards[ev.hazard.id - 1];
    if (!h) throw new Error(`change #${ev.seq}: no hazard H${ev.hazard.id}`);
    const next = { ...h, ...afterValues(ev.hazard.changes), rev: ev.seq };
    if (ev.hazard.changes.status) next.verified = null;
    if (ev.hazard.withdrawn !== undefined) next.withdrawn = ev.hazard.withdrawn ? undone : null;
    state.hazards[ev.hazard.id - 1] = next;
    done.hazard = next;
  } else if (ev.keyPerson) {
    const p = state.keyPersons[ev.keyPerson.id - 1];
    if (!p) throw new Error(`change #${ev.seq}: no key person P${ev.keyPerson.id}`);
    const next = { ...p, ...afterValues(ev.keyPerson.changes), rev: ev.seq };
    if (ev.keyPerson.withdrawn !== undefined) next.withdrawn = ev.keyPerson.withdrawn ? undone : null;
    state.keyPersons[ev.keyPerson.id - 1] = next;
    done.keyPerson = next;
  } else if (ev.figureSeq !== undefined) {
    const i = state.figures.findIndex((x) => x.seq === ev.figureSeq);
    const f = state.figures[i];
    if (!f) throw new Error(`change #${ev.seq}: no figure report #${ev.figureSeq}`);
    state.figures[i] = { ...f, undone: ev.seq };
  }
}
