import type { Command } from '../../core/Command.js';
import { AttachmentTooLargeError } from '../../core/readCapped.js';
import { UserError } from '../../core/UserError.js';
import { FileRefusal } from '../../reports/ledgerFile/FileRefusal.js';
import { MAX_FILE_BYTES, readLedgerFile } from '../../reports/ledgerFile/readLedgerFile.js';
import { safeFileName } from '../../store/evidenceFiles.js';
import { planImport, previewText } from './importPlan.js';
import { PENDING_MS, PendingImports } from './pendingImports.js';

const USAGE =
  '先私聊发送台账文件（.xlsx 或 .docx），再发送 #导入\n督导另加一行：单位：东城司法所（或由表格上方的“填报单位”指明）';
const CHAT_HINT = `回复“确认导入”登记这 {n} 条（${PENDING_MS / 60_000} 分钟内有效）；有问题的行不会导入，改好后可单独再导入。导入后 10 分钟内可 #撤销 整批撤回。`;
const TOO_BIG = `文件超过 ${MAX_FILE_BYTES / 1048576} MB，没有读取。请按单位分成几个文件分别导入。`;

/**
 * `#导入`: reads the ledger file the sender just sent in private (or carries as its caption) and
 * answers with a preview; nothing is stored until `确认导入`. The file is read off the message path
 * (`ctx.later`), never past 10 MB, as its bytes say it is (readLedgerFile), rows through the chat's
 * own field parsers.
 */
export const importFile: Command = {
  name: '导入',
  aliases: ['导入台账'],
  access: 'staff',
  // a ledger holds what a group must not see (key persons): files are taken in private only
  where: 'private',
  summary: '导入已有的附件1/附件2 台账文件（Excel 或 Word，先预览，仅私聊）',
  usage: USAGE,
  handle(ctx) {
    const { store, clock, campaign } = ctx.deps;
    const key = ctx.msg.sender.key;
    const pending = PendingImports.of(store);
    const now = clock.now();
    // a waiting file stays until its reading begins: if the job queue refuses this #导入 (the
    // sender's previous file is still being made), the next #导入 still finds it
    const waiting = pending.waitingFiles(key, now);
    const files = ctx.msg.attachment ? [ctx.msg.attachment] : waiting;
    if (files.length === 0)
      throw new UserError(
        `没有收到要导入的文件：请先私聊发送台账文件（.xlsx 或 .docx），${PENDING_MS / 60_000} 分钟内再发送 #导入。`,
      );
    if (files.length > 1) pending.takeFiles(key, now);
    if (files.length > 1)
      throw new UserError(
        `您在 #导入 前发了 ${files.length} 个文件，不知道要导入哪一个，一个也没有读取。请只重新发送要导入的那一个文件，再发送 #导入。`,
        undefined,
        `您在 #导入 前发了 ${files.length} 个文件（${files.map((f) => `“${f.name.slice(0, 30)}”`).join('、')}），不知道要导入哪一个，一个也没有读取。请只重新发送要导入的那一个文件，再发送 #导入。`,
      );
    const file = files[0];
    if (!file) throw new Error('no file');
    if (file.size !== undefined && file.size > MAX_FILE_BYTES) {
      pending.dropFile(key, file);
      throw new UserError(TOO_BIG);
    }
    const unitLine = ctx.fields.get('单位') ?? ctx.fields.get('填报单位');
    const who = {
      name: ctx.person.name,
      unit: ctx.person.unit,
      isSupervisor: ctx.person.isSupervisor,
      unitLine,
    };
    pending.setPlan(key, null, now);
    ctx.later('导入预览', async (givenUp) => {
      pending.dropFile(key, file);
      // one read at a time per person: the job queue takes at most one job from each
      const bytes = await file.read(MAX_FILE_BYTES).catch((e: unknown) => {
        throw e instanceof AttachmentTooLargeError ? new UserError(TOO_BIG) : e;
      });
      const content = await readLedgerFile(bytes).catch((e: unknown) => {
        throw e instanceof FileRefusal ? new UserError(e.message) : e;
      });
      // the name is the sender's: recorded (and shown in #历史, in groups too) on one line, no path
      const plan = await planImport(content, safeFileName(file.name), who, {
        campaign,
        now: clock.now(),
        state: store.state,
      });
      // a preview given up by the time limit was answered as failed: it leaves nothing to confirm
      if (plan.good.length > 0 && !givenUp.aborted) pending.setPlan(key, plan, clock.now());
      return [{ text: previewText(plan, campaign, CHAT_HINT) }];
    });
    return [{ text: `收到，正在读取“${file.name.slice(0, 40)}”，预览稍后发给您（不会直接登记）。` }];
  },
};
