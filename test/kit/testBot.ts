import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { JobLimits } from '../../src/bot/JobRunner.js';
import { HAZARD_TEMPLATE } from '../../src/commands/hazard/hazardTemplate.js';
import { KEY_PERSON_TEMPLATE } from '../../src/commands/keyPerson/keyPersonTemplate.js';
import type { Deps, Outgoing } from '../../src/core/types.js';
import {
  type Bot,
  type Campaign,
  createBot,
  LocalTransport,
  memoryLogger,
  parseCampaign,
  VirtualClock,
} from '../../src/index.js';
import type { Store } from '../../src/store/Store.js';
import { fileAttachment } from '../../src/transports/LocalTransport.js';

export const GROUP = '达川区社区矫正工作群';
export const SHIPPED_CAMPAIGN = join(process.cwd(), 'data', 'campaign.json');

/** The shipped campaign, narrowed to three units so expectations stay readable. */
export function testCampaign(overrides: Record<string, unknown> = {}): Campaign {
  const shipped = JSON.parse(readFileSync(SHIPPED_CAMPAIGN, 'utf8'));
  return parseCampaign({
    ...shipped,
    units: ['东城司法所', '西城司法所', '南城司法所'],
    supervisors: ['王科长'],
    admins: ['管理员'],
    ...overrides,
  });
}

export function tempDir(prefix = 'jz-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real bot (dispatch, outlet, reminders, outbound queue) on a real store in a temp dir, on the local transport, with a virtual clock the test moves. */
export interface TestBot {
  bot: Bot;
  store: Store;
  deps: Deps;
  clock: VirtualClock;
  dir: string;
  logs: string[];
  /** everything delivered so far, replies and reminders, in order */
  sent: Outgoing[];
  now(): number;
  /** sets the clock without sending what falls due on the way */
  setNow(iso: string): void;
  /** moves the clock forward, sending every reminder due on the way at its own time; returns them */
  advance(iso: string): Promise<Outgoing[]>;
  /** sends a message (group unless `room: null`) and returns every reply */
  send(from: string, text: string, room?: string | null): Promise<Outgoing[]>;
  /** sends a photo or file (a path on disk), with no text, and returns every reply */
  attach(from: string, path: string, room?: string | null): Promise<Outgoing[]>;
  /** sends as the person with `key` who shows the display name `name` (a label anyone can choose) */
  sendAs(key: string, name: string, text: string, room?: string | null): Promise<Outgoing[]>;
  /** the replies' texts, joined */
  say(from: string, text: string, room?: string | null): Promise<string>;
  /** like `say`, for a message that @-mentions the bot */
  mention(from: string, text: string, room?: string | null): Promise<string>;
  close(): Promise<void>;
}

let bots = 0;

export async function makeBot(
  options: { campaign?: Campaign; at?: string; dir?: string; jobs?: JobLimits } = {},
): Promise<TestBot> {
  const dir = options.dir ?? tempDir();
  const clock = new VirtualClock(Date.parse(options.at ?? '2022-08-05T09:00:00+08:00'));
  const logger = memoryLogger();
  const sent: Outgoing[] = [];
  // files are kept as their recipient received them (the bot deletes its own export once sent)
  const transport = new LocalTransport(
    (o) => {
      sent.push(o);
    },
    join(dir, 'received'),
  );
  const app = await createBot({
    campaign: options.campaign ?? testCampaign(),
    dataDir: join(dir, 'data'),
    filesDir: join(dir, 'files'),
    transport,
    clock,
    log: logger,
    storeNow: () => clock.now(),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  });
  await app.start();
  let n = 0;
  const bot = ++bots; // message ids are remembered across restarts: each bot's are its own
  const sendAs = async (
    key: string,
    name: string,
    text: string,
    room: string | null = GROUP,
    mentionsBot = false,
  ) => {
    const before = sent.length;
    await transport.inject({
      id: `t${bot}-${++n}`,
      room,
      sender: { key, name },
      text,
      mentionsBot,
      at: clock.now(),
    });
    await app.jobs.idle(); // files being made are part of the answer
    return sent.slice(before);
  };
  const attach = async (from: string, path: string, room: string | null = GROUP) => {
    const before = sent.length;
    await transport.inject({
      id: `t${bot}-${++n}`,
      room,
      sender: { key: from, name: from },
      text: '',
      mentionsBot: false,
      at: clock.now(),
      attachment: fileAttachment(path),
    });
    await app.jobs.idle();
    return sent.slice(before);
  };
  const send = (from: string, text: string, room: string | null = GROUP, mentionsBot = false) =>
    sendAs(from, from, text, room, mentionsBot);
  return {
    bot: app,
    attach,
    store: app.deps.store,
    deps: app.deps,
    clock,
    dir,
    logs: logger.lines,
    sent,
    now: () => clock.now(),
    setNow: (iso) => clock.set(Date.parse(iso)),
    advance: async (iso) => {
      const before = sent.length;
      await clock.advance(Date.parse(iso), app);
      return sent.slice(before);
    },
    send,
    sendAs,
    say: async (from, text, room) =>
      (await send(from, text, room))
        .map((o) => ('text' in o.reply ? o.reply.text : `[file] ${o.reply.file}`))
        .join('\n'),
    mention: async (from, text, room) =>
      (await send(from, text, room, true))
        .map((o) => ('text' in o.reply ? o.reply.text : `[file] ${o.reply.file}`))
        .join('\n'),
    close: () => app.close(),
  };
}

/** The roster of makeBoundBot: 张敏 (东城), 李娜 (西城), bound by key from the start. */
export const ROSTER = [
  { key: '张敏', name: '张敏', unit: '东城司法所' },
  { key: '李娜', name: '李娜', unit: '西城司法所' },
];

/** A bot with 张敏 (东城), 李娜 (西城) on the campaign's roster: bound by key, no approval needed. */
export async function makeBoundBot(options: Parameters<typeof makeBot>[0] = {}): Promise<TestBot> {
  const campaign = options.campaign ?? testCampaign();
  return makeBot({ ...options, campaign: { ...campaign, people: [...campaign.people, ...ROSTER] } });
}

/** A hazard as #帮助 隐患 offers it: the command's own template. */
export const HAZARD = HAZARD_TEMPLATE;

/** A key person as #帮助 重点人员 offers it: the command's own template. */
export const KEY_PERSON = KEY_PERSON_TEMPLATE;

/** The state, deep-copied, to compare before and after a refused command. */
export function snapshot(bot: TestBot): string {
  return JSON.stringify(bot.store.state);
}

/** The text of a reply (fails the test when it is a file or missing). */
export function textOf(o: Outgoing | undefined): string {
  if (!o || !('text' in o.reply)) throw new Error(`expected a text reply, got ${JSON.stringify(o)}`);
  return o.reply.text;
}

/** The path of a file reply. */
export function fileOf(o: Outgoing | undefined): string {
  if (!o || !('file' in o.reply)) throw new Error(`expected a file reply, got ${JSON.stringify(o)}`);
  return o.reply.file;
}

/** Every cell of every sheet of an .xlsx, one per line: what a reader of the file would see. */
export async function cellsOf(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((c) => {
        out.push(String(c.value));
      });
    });
  });
  return out.join('\n');
}

/** On 企业微信 and 钉钉 the organisation vouches for user ids: the campaign's roster binds them from the start. */
export const ORG_ROSTER = [
  { key: 'zhangmin', name: '张敏', unit: '东城司法所' },
  { key: 'lina', name: '李娜', unit: '西城司法所' },
];

/** The test campaign as a platform runs it: the group by the platform's chat id, supervisor `wangke`, admin `admin01`, the roster. */
export function orgCampaign(chatid: string): Campaign {
  return testCampaign({
    groups: [{ name: GROUP, chatid }],
    supervisors: ['wangke'],
    admins: ['admin01'],
    people: ORG_ROSTER,
  });
}
