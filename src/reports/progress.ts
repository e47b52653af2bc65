import type { Campaign } from '../config/campaign.js';
import { FORMS, type Form } from '../domain/catalog.js';
import { endOfDate } from '../domain/dates.js';
import type { State, Submission } from '../store/state.js';
import { unitIndex } from './unitIndex.js';

/** Where a unit stands with one form. */
export interface UnitSubmission {
  unit: string;
  state: 'none' | 'submitted' | 'updated';
  last: Submission | null;
  /** its first submission came after the deadline */
  late: boolean;
}

export interface FormProgress {
  form: Form;
  deadline: string;
  units: UnitSubmission[];
  submitted: string[];
  notSubmitted: string[];
  updated: string[];
}

/** Submission state of every unit for one form ("已上报（有更新）" when changed after 上报). */
export function formProgress(state: State, campaign: Campaign, form: Form): FormProgress {
  const index = unitIndex(state, campaign.units);
  const deadline = campaign.deadlines[form];
  const due = endOfDate(deadline);
  const units = campaign.units.map((unit): UnitSubmission => {
    const f = index.get(unit);
    const last = f?.submissions[form] ?? null;
    const first = f?.firstSubmission[form] ?? null;
    if (!f || !last) return { unit, state: 'none', last: null, late: false };
    return {
      unit,
      state: f.lastChange[form] > last.seq ? 'updated' : 'submitted',
      last,
      late: first !== null && Date.parse(first.at) >= due,
    };
  });
  return {
    form,
    deadline,
    units,
    submitted: units.filter((u) => u.state !== 'none').map((u) => u.unit),
    notSubmitted: units.filter((u) => u.state === 'none').map((u) => u.unit),
    updated: units.filter((u) => u.state === 'updated').map((u) => u.unit),
  };
}

export function allProgress(state: State, campaign: Campaign): FormProgress[] {
  return FORMS.map((f) => formProgress(state, campaign, f));
}

/** `东城司法所` → `东城`, to keep long lists readable on a phone. */
export function shortUnit(unit: string): string {
  return unit.replace(/司法所$/, '') || unit;
}
