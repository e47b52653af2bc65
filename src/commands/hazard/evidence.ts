import { join } from 'node:path';
import type { Command, CommandContext } from '../../core/Command.js';
import { AttachmentTooLargeError } from '../../core/readCapped.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { formatDateTime } from '../../domain/dates.js';
import { safeFileName, saveEvidence } from '../../store/evidenceFiles.js';
import type { AuditEntry } from '../../store/state.js';
import { lastChangeBy } from '../shared/lastChange.js';
import { assertMayActOn, findHazard, parseRecordId } from '../shared/recordId.js';

const USAGE =
  '#佐证 H3（私聊发给您 H3 的全部佐证材料）\n保存佐证：发送 #整改 H3 已整改 说明 后，10 分钟内接着发送照片或文件。';
/** A photo or file counts as evidence of the sender's #整改 sent at most this long before it. */
export const EVIDENCE_WINDOW_MS = 10 * 60_000;
const MAX_BYTES = 20 * 1024 * 1024;
/** Per hazard, in all: a window that stays open for its 10 minutes still cannot fill the disk. */
export const MAX_EVIDENCE_FILES = 20;
export const MAX_EVIDENCE_TOTAL_BYTES = 100 * 1024 * 1024;
const CAPS = `每条隐患最多 ${MAX_EVIDENCE_FILES} 份、合计 ${MAX_EVIDENCE_TOTAL_BYTES / 1048576} MB`;

/**
 * The sender's last change, if it was to a hazard and recent enough for a photo to belong to it.
 * The window runs from that change (the #整改) only: a saved photo does not reopen it, or one
 * #整改 and a photo every 9 minutes would keep it open for hours.
 */
export function recentHazardChange(ctx: CommandContext): AuditEntry | null {
  const e = lastChangeBy(
    ctx.deps.store,
    ctx.msg.sender.key,
    ctx.msg.at - EVIDENCE_WINDOW_MS,
    (c) => c.type === 'hazard.evidence',
  );
  if (!e) return null;
  const ok =
    (e.type === 'hazard.edit' && (e.changes.status !== undefined || e.changes.note !== undefined)) ||
    e.type === 'hazard.add';
  return ok ? e : null;
}

/** A photo or file right after `#整改 Hn …` by the same person: kept with the hazard (0600, in the data folder). */
async function keep(ctx: CommandContext): Promise<Reply[]> {
  const { store } = ctx.deps;
  const attachment = ctx.msg.attachment;
  if (!attachment) return [];
  const last = recentHazardChange(ctx);
  if (!last?.target) {
    // In a group a photo is ordinary chatter; in private, say how to attach one.
    if (ctx.inGroup) return [];
    throw new UserError(
      '没有收下这个文件：佐证材料要在发送 #整改 H编号 已整改 说明 之后 10 分钟内接着发送。',
    );
  }
  const id = Number(last.target.slice(1));
  const h = findHazard(store.state, id);
  assertMayActOn(h, `H${id}`, ctx.person);
  if (h.withdrawn) throw new UserError(`H${id} 已删除，不再保存佐证材料。`);
  const kept = h.evidence ?? [];
  if (kept.length >= MAX_EVIDENCE_FILES)
    throw new UserError(`没有收下这个文件：H${id} 已有 ${kept.length} 份佐证材料（${CAPS}）。`);
  const total = kept.reduce((n, f) => n + f.size, 0);
  // what the platform declares is checked before anything is downloaded; the download stops at the cap
  const tooLarge = (size?: number) =>
    new UserError(`文件太大${size ? `（${Math.ceil(size / 1048576)} MB）` : ''}，请控制在 20 MB 以内。`);
  if (attachment.size !== undefined && attachment.size > MAX_BYTES) throw tooLarge(attachment.size);
  const room = Math.min(MAX_BYTES, MAX_EVIDENCE_TOTAL_BYTES - total);
  const overTotal = () =>
    new UserError(
      `没有收下这个文件：H${id} 的佐证材料已有 ${Math.ceil(total / 1048576)} MB，再加这份超过上限（${CAPS}）。`,
    );
  if (attachment.size !== undefined && attachment.size > room) throw overTotal();
  // read at most what still fits: past the room left the download stops (the total cap, or 20 MB)
  const bytes = await attachment.read(room).catch((e: unknown) => {
    if (!(e instanceof AttachmentTooLargeError)) throw e;
    throw room < MAX_BYTES && (e.declared ?? 0) <= MAX_BYTES ? overTotal() : tooLarge(e.declared);
  });
  if (bytes.length === 0) throw new UserError('收到的文件是空的，请重新发送。');
  // the name is the sender's (on 企业微信, the download's): recorded and shown as it is stored,
  // one line with no path, so it cannot forge lines in the group reply or the #佐证 listing
  const name = safeFileName(attachment.name);
  const file = saveEvidence(store.dir, `H${id}-${store.state.seq + 1}`, name, bytes);
  const { hazard: stored } = await store.commit({
    ...ctx.meta(h.unit),
    type: 'hazard.evidence',
    id,
    evidence: { file, name, size: bytes.length },
  });
  const count = stored?.evidence?.length ?? 0;
  return [
    {
      text: `已保存 H${id} 的佐证材料：${name}（${Math.max(1, Math.round(bytes.length / 1024))} KB），共 ${count} 份（${CAPS}；#整改 后 10 分钟内发送）。`,
    },
  ];
}

/** `#佐证 Hn`: the evidence of a hazard, sent privately to whoever asks (its unit, or a supervisor). */
async function send(ctx: CommandContext): Promise<Reply[]> {
  const { store } = ctx.deps;
  const { id } = parseRecordId(ctx.argv[0], 'H', USAGE);
  const h = findHazard(store.state, id);
  assertMayActOn(h, `H${id}`, ctx.person);
  const files = h.evidence ?? [];
  if (files.length === 0) throw new UserError(`H${id} 还没有佐证材料。`);
  const me = { person: ctx.msg.sender.key };
  const list = files
    .map((f, i) => `${i + 1}. ${f.name}（${formatDateTime(Date.parse(f.at))} ${f.by}）`)
    .join('\n');
  return [
    {
      text: ctx.inGroup
        ? `H${id} 的 ${files.length} 份佐证材料已私聊发给您。`
        : `H${id} 的佐证材料 ${files.length} 份：\n${list}`,
    },
    ...(ctx.inGroup ? [{ to: me, text: `H${id}（${h.unit}）的佐证材料 ${files.length} 份：\n${list}` }] : []),
    ...files.map((f) => ({ to: me, file: join(store.dir, f.file), form: 'evidence' as const, unit: h.unit })),
  ];
}

/** `#佐证 Hn` and the photos and files that follow #整改. */
export const evidence: Command = {
  name: '佐证',
  aliases: ['佐证材料'],
  access: 'staff',
  summary: '查看隐患的佐证材料（私聊发送）；#整改 后 10 分钟内发送的照片或文件自动保存为佐证',
  usage: USAGE,
  takesAttachment: true,
  handle(ctx) {
    return ctx.msg.attachment && ctx.args === '' ? keep(ctx) : send(ctx);
  },
};
