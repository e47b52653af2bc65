import { describe, expect, test } from '@jest/globals';
import { GROUP, makeBoundBot, textOf } from '../kit/testBot.js';

describe('the 总结提升 phase notice', () => {
  test('when the last phase starts, the group hears that supervisors can ask for #总结 in private', async () => {
    const b = await makeBoundBot({ at: '2022-09-08T20:00:00+08:00' });
    try {
      const sent = await b.advance('2022-09-09T09:30:00+08:00');
      const notice = sent
        .filter((o) => 'room' in o.to && o.to.room === GROUP)
        .map(textOf)
        .join('\n');
      expect(notice).toMatch(
        /【阶段】今天起进入“总结提升”阶段（9月9日—9月30日）。督导人员可私聊机器人发送 #总结/,
      );
      // and the command it names works there
      const out = await b.send('王科长', '#总结', null);
      expect(out.some((o) => 'file' in o.reply && o.reply.form === 'summary')).toBe(true);
      // an earlier phase says nothing of it
      const early = await makeBoundBot({ at: '2022-08-10T20:00:00+08:00' });
      const before = (await early.advance('2022-08-11T09:30:00+08:00')).map(textOf).join('\n');
      expect(before).toContain('“排查整治”阶段');
      expect(before).not.toContain('#总结');
      await early.close();
    } finally {
      await b.close();
    }
  }, 60_000);
});
