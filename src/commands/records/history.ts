import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { STATUSES } from '../../domain/catalog.js';
import { formatDateTime } from '../../domain/dates.js';
import { awaitsVerification } from '../../reports/verification.js';
import { type AuditEntry, type Hazard, importTarget } from '../../store/state.js';
import { shorten } from '../../views/sensitiveTerms.js';
import { HAZARD_FIELD_LABELS } from '../hazard/hazardFields.js';
import { KEY_PERSON_FIELD_LABELS } from '../keyPerson/keyPersonFields.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { assertMayActOn, findHazard, findKeyPerson, parseRecordId } from '../shared/recordId.js';

const USAGE = '#历史 H3\n#历史 P2（仅私聊）';

function when(e: AuditEntry): string {
  return formatDateTime(Date.parse(e.at));
}

function describe(e: AuditEntry, showValues: boolean, mask: (s: string) => string): string {
  switch (e.type) {
    case 'hazard.add':
      return `登记（${e.hazard.status}）`;
    case 'keyPerson.add':
      return '登记';
    case 'hazard.withdraw':
    case 'keyPerson.withdraw':
      return `删除：${mask(e.reason)}`;
    case 'hazard.edit':
      return Object.entries(e.changes)
        .map(([k, [a, b]]) => {
          const label = HAZARD_FIELD_LABELS[k as keyof typeof HAZARD_FIELD_LABELS] ?? k;
          if (k === 'status' && STATUSES.includes(b as never)) return `状态 ${a} → ${b}`;
          if (k === 'major') return b ? '标为重大风险隐患' : '取消重大标记';
          return `${label}：${shorten(mask(String(a ?? '（空）')), 20)} → ${shorten(mask(String(b ?? '（空）')), 40)}`;
        })
        .join('；');
    case 'keyPerson.edit':
      return Object.entries(e.changes)
        .map(([k, [a, b]]) => {
          const label = KEY_PERSON_FIELD_LABELS[k as keyof typeof KEY_PERSON_FIELD_LABELS] ?? k;
          return showValues
            ? `${label}：${shorten(mask(String(a ?? '')), 20)} → ${shorten(mask(String(b ?? '')), 30)}`
            : `改${label}`;
        })
        .join('；');
    case 'hazard.verify':
      return e.result === 'pass'
        ? `核验通过，销账（${e.from}）`
        : `核验退回（${e.from} → 整改中）：${e.reason ?? ''}`;
    case 'hazard.evidence':
      return `佐证材料：${e.evidence.name}`;
    case 'undo':
      return `撤销第 ${e.undoes} 项更改`;
    default:
      return e.type;
  }
}

function verificationLine(h: Hazard): string {
  if (h.verified) return `\n核验：已销账（${h.verified.by}，${formatDateTime(Date.parse(h.verified.at))}）`;
  if (awaitsVerification(h)) return '\n核验：待督导核验';
  return '';
}

/** For a record an import added: which file and row it came from (and its old number, carried over). */
function importedFrom(
  store: { history(target: string): AuditEntry[] },
  e: AuditEntry,
  id: number,
  mask: (s: string) => string,
): string {
  if (e.type !== 'hazard.add' && e.type !== 'keyPerson.add') return '';
  const target = importTarget(e.msgId);
  const marker = target ? store.history(target).find((m) => m.type === 'import') : undefined;
  if (marker?.type !== 'import') return '';
  const i = id - marker.first;
  const row = marker.rows[i];
  if (row === undefined) return '';
  const old = marker.from?.[i];
  return old
    ? `，接续上一期的 ${old}（数据目录“${mask(marker.file)}”）`
    : `，导入自文件“${mask(marker.file)}”第 ${row} 行（发送人 ${marker.by}）`;
}

/** `#历史 Hn|Pn`: every change of a record, with who and when; key persons only in private chat. */
export const history: Command = {
  name: '历史',
  aliases: ['记录', '日志'],
  access: 'staff',
  summary: '查看一条记录的全部变更（谁、何时、改了什么）',
  usage: USAGE,
  handle(ctx) {
    const { store } = ctx.deps;
    const { kind, id } = parseRecordId(ctx.argv[0], null, USAGE);
    const label = `${kind}${id}`;
    const record = kind === 'H' ? findHazard(store.state, id) : findKeyPerson(store.state, id);
    assertMayActOn(record, label, ctx.person);
    if (kind === 'P' && ctx.inGroup)
      throw new UserError('重点人员的历史含敏感信息，请私聊机器人发送 #历史 P编号。');
    const entries = store.history(label);
    const mask = freeTextFor(ctx);
    const lines = entries.map(
      (e) => `${when(e)} ${e.by}：${describe(e, !ctx.inGroup, mask)}${importedFrom(store, e, id, mask)}`,
    );
    const files = kind === 'H' ? ((record as Hazard).evidence ?? []) : [];
    const evidence = files.length
      ? `\n佐证材料 ${files.length} 份：${files.map((f) => f.name).join('、')}（#佐证 ${label} 私聊获取）`
      : '';
    const verified = kind === 'H' ? verificationLine(record as Hazard) : '';
    return [
      { text: `${label} 的变更记录（${entries.length} 项）：\n${lines.join('\n')}${verified}${evidence}` },
    ];
  },
};
