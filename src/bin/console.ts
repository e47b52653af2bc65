import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBot } from '../bot/createBot.js';
import { stderrLogger } from '../bot/logger.js';
import { VirtualClock } from '../bot/VirtualClock.js';
import { campaignYear } from '../config/campaign.js';
import type { Outgoing } from '../core/types.js';
import { addDays, dateOf, formatDateTime, parseDate, startOfDate } from '../domain/dates.js';
import { fileAttachment, LocalTransport } from '../transports/LocalTransport.js';
import { fail, filesDirOrTemp, parseCliOptions } from './options.js';

const HELP = `试用控制台：像在工作群里一样输入命令（如 #帮助、#绑定 东城司法所）。
  /as 姓名          切换发言人（督导、管理员见活动配置）
  /group [群名]     回到工作群发言      /private   改为私聊机器人
  /at 文本          发一条 @机器人 的消息（也可直接写 @机器人 文本）
  /time 2022-08-10 9:00   把时钟拨到该时刻（途经的提醒会按时发出；只写日期为当天 0 点；不能往回拨）
  /attach 文件路径   发送一张照片或一个文件（如 #整改 之后的佐证材料）
  /next             拨到下一次机器人真正发出提醒的时刻   /+ 1d | 3h | 30m   时钟前进
  /now  当前时刻    /help 本说明         /quit 退出
多行消息（如 #隐患）：直接粘贴整段即为一条消息（以 # 开头的行开始新消息）；逐行输入时行末加 \\ 续行。`;

/** `@机器人 …` typed in the console is an @-message to the bot. */
const AT_BOT = /^[@＠](机器人|助手|矫正助手|bot)[\s\u2005\u3000]*/i;

function parseStep(s: string): number | null {
  const m = /^(\d+)\s*([dhm])$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const clock = new VirtualClock();
  const log = stderrLogger(process.env.LOG_LEVEL ?? 'warn', () => clock.now());
  const filesDir = filesDirOrTemp(opts.files);
  // The bot deletes its exports once delivered; what the user received is kept under received/.
  const transport = new LocalTransport(
    (o: Outgoing) => {
      const where = 'room' in o.to ? `群「${o.to.room}」` : `私聊 ${o.to.person}`;
      const body = 'file' in o.reply ? `[${o.reply.image ? '图片' : '文件'}] ${o.reply.file}` : o.reply.text;
      const mentions =
        'text' in o.reply && o.reply.mentions?.length ? `  (@${o.reply.mentions.join(' @')})` : '';
      process.stdout.write(`\n[${formatDateTime(o.at)}] 机器人 → ${where}：\n${body}${mentions}\n`);
    },
    join(filesDir, 'received'),
  );
  const bot = await createBot({
    campaign: opts.campaign,
    dataDir: opts.flags.get('data') ?? 'data/console',
    filesDir,
    transport,
    clock,
    log,
  });
  await bot.start();
  const { campaign } = bot.deps;
  const at = opts.flags.get('at');
  clock.set(at ? Date.parse(at) : startOfDate(campaign.start, campaign.reminders.time));
  let speaker = opts.flags.get('as') ?? '张敏';
  let room: string | null = campaign.groups[0]?.key ?? null;
  let seq = 0;
  // message ids unique to this run: the store remembers the ids of messages that made a change, across
  // restarts, so `console-1` of a second run on the same data was dropped as a repeat, without a word
  const run = Date.now().toString(36);
  const prompt = () => `\n[${formatDateTime(clock.now())} ${room ? `群「${room}」` : '私聊'} ${speaker}] > `;
  process.stdout.write(
    `${HELP}\n\n活动：${campaign.name}（${campaign.start} — ${campaign.end}），单位 ${campaign.units.length} 个；督导：${campaign.supervisors.join('、') || '无'}；管理员：${campaign.admins.join('、') || '无'}\n${approvalHint(speaker, campaign.admins[0])}`,
  );
  await bot.sweep(clock.now());

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });

  const say = async (text: string, mentionsBot: boolean) => {
    const before = bot.outbox.sent;
    await transport.inject({
      id: `console-${run}-${++seq}`,
      room,
      sender: { key: speaker, name: speaker },
      text,
      mentionsBot,
      at: clock.now(),
    });
    if (bot.outbox.sent === before)
      process.stdout.write(
        '（机器人没有回应：群里只回应以 # 开头或 @机器人 的消息；试 @ 消息请写 /at 文本 或 @机器人 文本）\n',
      );
  };

  /** Handles one message or control command; false to quit. */
  const handle = async (text: string): Promise<boolean> => {
    const [cmd, ...rest] = text.trim().split(/\s+/);
    const arg = rest.join(' ');
    if (cmd === '/quit' || cmd === '/exit') return false;
    if (cmd === '/help') process.stdout.write(`${HELP}\n`);
    else if (cmd === '/as' && arg) speaker = arg;
    else if (cmd === '/private') room = null;
    else if (cmd === '/group') room = arg || campaign.groups[0]?.key || null;
    else if (cmd === '/attach') {
      if (!arg || !existsSync(arg)) process.stdout.write('用法：/attach 文件路径（文件要存在）\n');
      else
        await transport.inject({
          id: `console-${run}-${++seq}`,
          room,
          sender: { key: speaker, name: speaker },
          text: '',
          mentionsBot: false,
          at: clock.now(),
          attachment: fileAttachment(arg),
        });
    } else if (cmd === '/now') process.stdout.write(`${formatDateTime(clock.now())}\n`);
    else if (cmd === '/at') {
      const body = text.trim().replace(/^\/at\s*/, '');
      if (body === '') process.stdout.write('用法：/at 东城所新发现一个隐患：……（模拟 @机器人 的消息）\n');
      else await say(body, true);
    } else if (cmd === '/time') {
      const t = parseConsoleTime(arg, campaignYear(campaign));
      if (t === null)
        process.stdout.write('时间格式：/time 2022-08-10、/time 2022-08-10 9:00、/time 8月10日 9:00\n');
      else if (t < clock.now())
        process.stdout.write(
          `不能往回拨：现在是 ${formatDateTime(clock.now())}，提醒已按时间发出，回拨会让记录错乱。要从头试，请换一个 --data 目录重新启动。\n`,
        );
      else await clock.advance(t, bot);
    } else if (cmd === '/next') {
      // to the next moment something is actually sent (moments with nothing to say are passed over)
      const before = bot.outbox.sent;
      const limit = startOfDate(addDays(campaign.end, 30));
      let next = bot.nextReminderAt(clock.now());
      while (next !== null && next <= limit && bot.outbox.sent === before) {
        await clock.advance(next, bot);
        next = bot.nextReminderAt(clock.now());
      }
      if (bot.outbox.sent === before) process.stdout.write('活动已结束，没有后续提醒。\n');
    } else if (cmd === '/+') {
      const step = parseStep(arg);
      if (step === null) process.stdout.write('用法：/+ 1d、/+ 3h、/+ 30m\n');
      else await clock.advance(clock.now() + step, bot);
    } else if (cmd?.startsWith('/')) process.stdout.write('不认识的控制命令，/help 查看。\n');
    else if (text.trim() !== '') {
      const at = AT_BOT.exec(text.trimStart());
      await say(at ? text.trimStart().slice(at[0].length) : text, at !== null);
    }
    if (dateOf(clock.now()) > addDays(campaign.end, 30))
      process.stdout.write('（时钟已过活动结束日一个月）\n');
    return true;
  };

  // Lines that arrive together (a paste, or a pipe) form messages: a new message starts at a line
  // beginning with # / or @; the lines after it (#隐患's fields) belong to it. A line ending in \
  // continues on the next line, however it arrives.
  let pending: string[] = [];
  let continued: string[] = [];
  let chain: Promise<boolean> = Promise.resolve(true);
  let quit = false;
  const flush = () => {
    const lines = pending;
    pending = [];
    const messages: string[][] = [];
    for (const raw of lines) {
      const line = raw.replace(/\s+$/, '');
      const starts = /^\s*[#＃/@]/.test(line) || messages.length === 0 || continued.length > 0;
      if (continued.length > 0) {
        continued.push(line);
        messages.push(continued);
        continued = [];
      } else if (starts) messages.push([line]);
      else messages[messages.length - 1]?.push(line);
      const last = messages[messages.length - 1] as string[];
      if (line.endsWith('\\')) {
        last[last.length - 1] = line.slice(0, -1);
        continued = messages.pop() ?? [];
      }
    }
    for (const m of messages) {
      chain = chain.then(async (go) => {
        if (!go || quit) return false;
        const ok = await handle(m.join('\n'));
        if (!ok) {
          quit = true;
          rl.close();
          return false;
        }
        rl.setPrompt(prompt());
        rl.prompt();
        return true;
      });
    }
  };
  rl.on('line', (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  });
  rl.setPrompt(prompt());
  rl.prompt();
  await new Promise<void>((done) => rl.once('close', () => done()));
  await new Promise((r) => setImmediate(r));
  if (pending.length > 0) flush();
  await chain;
  await bot.close();
}

/** `2022-08-10`, `2022-08-10 9:00`, `2022-08-10T09:00`, `8月10日 9:00`, or a full ISO time; null if none of these. */
export function parseConsoleTime(arg: string, year: number): number | null {
  const t = arg.trim();
  if (/T.*([+-]\d\d:?\d\d|Z)$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(\S+?)(?:[\sT]+(\d{1,2})[:：](\d{2}))?$/.exec(t);
  if (!m) return null;
  const date = parseDate(m[1] ?? '', year);
  if (!date) return null;
  const hh = Number(m[2] ?? 0);
  const mm = Number(m[3] ?? 0);
  if (hh > 23 || mm > 59) return null;
  return startOfDate(date, `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`);
}

main().catch(fail);

/** How to get bound in the console: ask, then approve as the campaign's first admin. */
function approvalHint(speaker: string, admin: string | undefined): string {
  if (!admin) return `您现在是“${speaker}”。\n`;
  return `您现在是“${speaker}”：先发 #绑定 单位名 申请，再 /as ${admin}、/private、#批准 ${speaker} 批准，然后 /as ${speaker}、/group 回到群里。\n`;
}
