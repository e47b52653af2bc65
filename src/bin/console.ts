import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stderrLogger } from '../app/logger.js';
import { openApp } from '../app/openApp.js';
import { VirtualClock } from '../app/VirtualClock.js';
import type { Outgoing } from '../core/types.js';
import { addDays, dateOf, formatDateTime, startOfDate } from '../domain/dates.js';
import { fileAttachment, LocalTransport } from '../transports/LocalTransport.js';
import { fail, filesDirOrTemp, parseCliOptions } from './options.js';

const HELP = `试用控制台：像在工作群里一样输入命令（如 #帮助、#绑定 东城司法所）。
  /as 姓名          切换发言人（督导、管理员见活动配置）
  /group [群名]     回到工作群发言      /private   改为私聊机器人
  /time 2022-08-06 09:00   把时钟拨到该时刻（途经的提醒会按时发出）
  /attach 文件路径   发送一张照片或一个文件（如 #整改 之后的佐证材料）
  /next             拨到下一个提醒时刻   /+ 1d | 3h | 30m   时钟前进
  /now  当前时刻    /help 本说明         /quit 退出
多行消息（如 #隐患）：行末加 \\ 续行，或直接粘贴整段。`;

function parseStep(s: string): number | null {
  const m = /^(\d+)\s*([dhm])$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const log = stderrLogger(process.env.LOG_LEVEL ?? 'warn');
  const clock = new VirtualClock();
  const filesDir = filesDirOrTemp(opts.files);
  // The bot deletes its exports once delivered; what the user received is kept under received/.
  const transport = new LocalTransport(
    (o: Outgoing) => {
      const where = 'room' in o.to ? `群「${o.to.room}」` : `私聊 ${o.to.person}`;
      const body = 'file' in o.reply ? `[文件] ${o.reply.file}` : o.reply.text;
      const mentions =
        'text' in o.reply && o.reply.mentions?.length ? `  (@${o.reply.mentions.join(' @')})` : '';
      process.stdout.write(`\n[${formatDateTime(o.at)}] 机器人 → ${where}：\n${body}${mentions}\n`);
    },
    join(filesDir, 'received'),
  );
  const app = await openApp({
    campaign: opts.campaign,
    dataDir: opts.flags.get('data') ?? 'data/console',
    filesDir,
    transport,
    clock,
    log,
  });
  await app.bot.start();
  const { campaign } = app.deps;
  const at = opts.flags.get('at');
  clock.set(at ? Date.parse(at) : startOfDate(campaign.start, campaign.reminders.time));
  let speaker = opts.flags.get('as') ?? '张敏';
  let room: string | null = campaign.groups[0]?.key ?? null;
  let seq = 0;
  const advance = async (to: number) => {
    if (to <= clock.now()) clock.set(to);
    else await clock.advance(to, app.bot);
  };
  const prompt = () => `\n[${formatDateTime(clock.now())} ${room ? `群「${room}」` : '私聊'} ${speaker}] > `;
  process.stdout.write(
    `${HELP}\n\n活动：${campaign.name}（${campaign.start} — ${campaign.end}），单位 ${campaign.units.length} 个；督导：${campaign.supervisors.join('、')}\n`,
  );
  await app.bot.sweep(clock.now());

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let buffer: string[] = [];
  rl.setPrompt(prompt());
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      buffer.push(line.slice(0, -1));
      continue;
    }
    const text = [...buffer, line].join('\n');
    buffer = [];
    const [cmd, ...rest] = text.trim().split(/\s+/);
    const arg = rest.join(' ');
    if (cmd === '/quit' || cmd === '/exit') break;
    else if (cmd === '/help') process.stdout.write(`${HELP}\n`);
    else if (cmd === '/as' && arg) speaker = arg;
    else if (cmd === '/private') room = null;
    else if (cmd === '/group') room = arg || campaign.groups[0]?.key || null;
    else if (cmd === '/attach') {
      if (!arg || !existsSync(arg)) process.stdout.write('用法：/attach 文件路径（文件要存在）\n');
      else
        await transport.inject({
          id: `console-${++seq}`,
          room,
          sender: { key: speaker, name: speaker },
          text: '',
          mentionsBot: false,
          at: clock.now(),
          attachment: fileAttachment(arg),
        });
    } else if (cmd === '/now') process.stdout.write(`${formatDateTime(clock.now())}\n`);
    else if (cmd === '/time') {
      const t = Date.parse(
        arg.includes('T') || arg.includes('+') ? arg : `${arg.replace(' ', 'T')}:00+08:00`,
      );
      if (Number.isNaN(t)) process.stdout.write('时间格式：/time 2022-08-06 09:00\n');
      else await advance(t);
    } else if (cmd === '/next') {
      const next = app.engine.nextReminderAt(clock.now());
      if (next === null) process.stdout.write('活动已结束，没有后续提醒。\n');
      else await advance(next);
    } else if (cmd === '/+') {
      const step = parseStep(arg);
      if (step === null) process.stdout.write('用法：/+ 1d、/+ 3h、/+ 30m\n');
      else await advance(clock.now() + step);
    } else if (cmd?.startsWith('/')) process.stdout.write('不认识的控制命令，/help 查看。\n');
    else if (text.trim() !== '') {
      const before = app.bot.outbox.sent;
      await transport.inject({
        id: `console-${++seq}`,
        room,
        sender: { key: speaker, name: speaker },
        text,
        mentionsBot: false,
        at: clock.now(),
      });
      if (app.bot.outbox.sent === before)
        process.stdout.write('（机器人没有回应：群里只回应以 # 开头的消息）\n');
    }
    if (dateOf(clock.now()) > addDays(campaign.end, 30))
      process.stdout.write('（时钟已过活动结束日一个月）\n');
    rl.setPrompt(prompt());
    rl.prompt();
  }
  rl.close();
  await app.close();
}

main().catch(fail);
