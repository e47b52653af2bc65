import { UserError } from '../../core/UserError.js';
import { toHalfWidth } from '../../domain/text.js';
import type { Hazard, KeyPerson, State } from '../../store/state.js';

export type RecordKind = 'H' | 'P';

/** `H3`, `h3`, `Ｈ３`, or `3` where the kind is clear. */
export function parseRecordId(
  text: string | undefined,
  kind: RecordKind | null,
  template: string,
): { kind: RecordKind; id: number } {
  const t = toHalfWidth(text ?? '')
    .trim()
    .toUpperCase();
  const m = /^([HP])?(\d{1,7})$/.exec(t);
  if (!m) throw new UserError(`请写上记录编号，例如 ${kind ?? 'H'}3。`, template).at('command');
  const k = (m[1] as RecordKind | undefined) ?? kind;
  if (!k) throw new UserError(`编号 ${t} 要写明是隐患（H${m[2]}）还是重点人员（P${m[2]}）。`, template);
  if (kind && k !== kind) throw new UserError(`这里要的是 ${kind} 开头的编号，不是 ${t}。`, template);
  return { kind: k, id: Number(m[2]) };
}

/** Who may change or read a record: its own unit's members and supervisors. */
export function assertMayActOn(
  record: { unit: string },
  label: string,
  person: { unit: string | null; isSupervisor: boolean },
): void {
  if (person.isSupervisor || person.unit === record.unit) return;
  throw new UserError(`${label} 属于${record.unit}，您（${person.unit ?? '未绑定单位'}）不能查看或修改它。`);
}

export function findHazard(state: State, id: number): Hazard {
  const h = state.hazards[id - 1];
  if (!h)
    throw new UserError(`没有隐患 H${id}（目前共 ${state.hazards.length} 条）。发送 #台账 查看本单位隐患。`);
  return h;
}

export function findKeyPerson(state: State, id: number): KeyPerson {
  const p = state.keyPersons[id - 1];
  if (!p) throw new UserError(`没有重点人员 P${id}。发送 #重点人员列表 查看本单位重点人员。`);
  return p;
}
