import type { Command } from '../../core/Command.js';
import { recentHazardChange } from '../hazard/evidence.js';
import { PENDING_MS, PendingImports } from './pendingImports.js';

/** A name an office ledger goes by (a renamed file is found out when read, by its bytes). */
const LEDGER_NAME = /\.(xlsx|xlsm|xltx|xls|docx|docm|dotx|doc|et|wps|csv)$/i;

/**
 * The command that takes file-only messages (evidence after #整改), with one more use: a ledger
 * file sent in private with no #整改 before it is remembered, unread, for the sender's `#导入`.
 * Only the message's sender can import it, and only within 10 minutes.
 */
export function withImportFiles(evidence: Command): Command {
  return {
    ...evidence,
    handle(ctx) {
      const file = ctx.msg.attachment;
      if (!file || ctx.args !== '' || ctx.inGroup || !LEDGER_NAME.test(file.name) || recentHazardChange(ctx))
        return evidence.handle(ctx);
      const n = PendingImports.of(ctx.deps.store).addFile(ctx.msg.sender.key, file, ctx.deps.clock.now());
      const unit = ctx.person.unit ? '' : '（督导另加一行“单位：东城司法所”，或由表格上方的“填报单位”指明）';
      return [
        {
          text:
            n === 1
              ? `收到文件“${file.name.slice(0, 40)}”，还没有读取。要导入这份台账，请在 ${PENDING_MS / 60_000} 分钟内发送 #导入${unit}。`
              : `收到文件“${file.name.slice(0, 40)}”，还没有读取。您已先后发了 ${n} 个文件，#导入 每次只导入一个：发送 #导入 时这 ${n} 个都不读取，请再只发送要导入的那一个。`,
        },
      ];
    },
  };
}
