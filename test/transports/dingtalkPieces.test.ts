import { describe, expect, test } from '@jest/globals';
import { chooseTransport } from '../../src/transports/chooseTransport.js';
import { carriedBy, outsiderKey, toIncoming } from '../../src/transports/dingtalk/toIncoming.js';
import { keysNamed } from '../../src/views/keysNamed.js';
import { makeBot, testCampaign } from '../kit/testBot.js';

const base = {
  msgId: 'm1',
  senderStaffId: 'zhangmin',
  senderId: '$:LWCP_v1:$abc',
  senderNick: '张敏',
  conversationType: '2',
  conversationId: 'cidGROUP==',
};

describe('钉钉 robot messages, as the bot sees them', () => {
  test('a group @-message: the staff id is the key, the nick only a label, the group its conversationId', () => {
    const m = toIncoming({ ...base, msgtype: 'text', text: { content: ' #进度 ' } }, 5);
    expect(m).toEqual({
      id: 'm1',
      room: 'cidGROUP==',
      sender: { key: 'zhangmin', name: '张敏' },
      text: '#进度',
      mentionsBot: true,
      at: 5,
    });
  });

  test('a private message has no room; someone outside the organisation gets a key no roster can hold', () => {
    const m = toIncoming(
      { ...base, senderStaffId: undefined, conversationType: '1', msgtype: 'text', text: { content: '#我' } },
      0,
    );
    expect(m?.room).toBeNull();
    expect(m?.mentionsBot).toBe(false);
    expect(m?.sender.key).toBe(outsiderKey({ senderId: '$:LWCP_v1:$abc' }));
    expect(m?.sender.key).toMatch(/^dingtalk-outsider:/);
  });

  test('pictures, files and rich text: the text parts are the text; the picture travels only by its downloadCode', () => {
    expect(carriedBy({ msgtype: 'picture', content: { downloadCode: 'd1' } })).toEqual({
      downloadCode: 'd1',
      name: 'image.jpg',
    });
    expect(
      carriedBy({ msgtype: 'file', content: { downloadCode: 'd2', fileName: '整改报告.docx' } }),
    ).toEqual({
      downloadCode: 'd2',
      name: '整改报告.docx',
    });
    const rich = {
      ...base,
      msgtype: 'richText',
      content: { richText: [{ text: '#整改 H1 已整改' }, { type: 'picture', downloadCode: 'd3' }] },
    };
    expect(toIncoming(rich, 0)?.text).toBe('#整改 H1 已整改');
    expect(carriedBy(rich)?.downloadCode).toBe('d3');
    // an unknown message type with nothing to read is dropped
    expect(toIncoming({ ...base, msgtype: 'audio' }, 0)).toBeNull();
  });

  test('chooseTransport: 钉钉 by BOT_TRANSPORT, or by its two variables when 企业微信 has none', () => {
    expect(chooseTransport({ BOT_TRANSPORT: 'DingTalk' })).toBe('dingtalk');
    expect(chooseTransport({ DINGTALK_CLIENT_ID: 'a', DINGTALK_CLIENT_SECRET: 'b' })).toBe('dingtalk');
    expect(chooseTransport({ DINGTALK_CLIENT_ID: 'a' })).toBe('wechaty');
    expect(
      chooseTransport({
        WECOM_BOT_ID: 'w',
        WECOM_BOT_SECRET: 's',
        DINGTALK_CLIENT_ID: 'a',
        DINGTALK_CLIENT_SECRET: 'b',
      }),
    ).toBe('wecom');
  });
});

describe('keysNamed: whom an @-mention notifies', () => {
  test('a roster name gives its userid; a name two people share gives neither; a name nobody has gives nothing', async () => {
    const bot = await makeBot({
      campaign: testCampaign({
        people: [
          { key: 'zhangmin', name: '张敏', unit: '东城司法所' },
          { key: 'lina', name: '李娜', unit: '西城司法所' },
          { key: 'lina2', name: '李娜', unit: '南城司法所' },
        ],
      }),
    });
    expect(keysNamed(bot.store.state, bot.deps.campaign, ['张敏', '李娜', '王五'])).toEqual(['zhangmin']);
    await bot.close();
  });
});
