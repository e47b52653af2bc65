import { describe, expect, it } from '@jest/globals';
import type { HeavyJob } from '../../src/core/JobQueue.js';
import type { Outgoing } from '../../src/core/types.js';
import { gate, until } from '../kit/jobGate.js';
import { makeBoundBot, snapshot, tempDir } from '../kit/testBot.js';
import { officeXlsx } from './ledgerFiles.js';

const texts = (out: Outgoing[]) => out.map((o) => ('text' in o.reply ? o.reply.text : '[file]')).join('\n');

describe('#导入 past the time limit', () => {
  it('a preview given up is answered as failed and leaves nothing to confirm, even when its reading ends later', async () => {
    const g = gate();
    // the reading's own end, which the queue no longer waits for once it has given up
    let reading: Promise<unknown> | null = null;
    const beforeWork = async (job: HeavyJob) => {
      await g.beforeWork(job);
      const work = job.work;
      job.work = (givenUp) => {
        const p = work(givenUp);
        reading = p;
        return p;
      };
    };
    // the time limit's timer, fired by hand
    const timers: (() => void)[] = [];
    const startTimer = (_ms: number, fire: () => void) => {
      timers.push(fire);
      return () => {};
    };
    const b = await makeBoundBot({ jobs: { beforeWork, startTimer } });
    const path = await officeXlsx(tempDir(), '东城台账.xlsx', [
      [1, '二.4', '对象王某请假超时未归', '电话督促返回', '东城司法所', '张敏', '2022年9月30日', '整改中'],
    ]);
    await b.attach('张敏', path, null);
    const before = snapshot(b);
    const from = b.sent.length;
    const asked = b.send('张敏', '#导入', null);
    await until(() => g.held.length === 1);
    timers[0]?.();
    await asked;
    await until(() => b.sent.slice(from).some((o) => 'text' in o.reply && /时出错/.test(o.reply.text)));
    // the reading goes on after it was given up, and ends
    g.open();
    await b.bot.jobs.idle();
    await until(() => reading !== null);
    await reading;
    const after = texts(b.sent.slice(from));
    expect(after).toMatch(/生成导入预览时出错，没有生成文件/);
    expect(after).not.toMatch(/条可导入/);
    const confirm = texts(await b.send('张敏', '确认导入', null));
    expect(confirm).not.toMatch(/已导入/);
    expect(b.store.state.hazards).toHaveLength(0);
    expect(snapshot(b)).toBe(before);
    await b.close();
  });
});
