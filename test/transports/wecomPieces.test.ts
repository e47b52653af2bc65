import { describe, expect, test } from '@jest/globals';
import { chooseTransport } from '../../src/transports/wecom/launchWecom.js';
import { splitByBytes } from '../../src/transports/wecom/splitByBytes.js';

describe('splitByBytes', () => {
  test('a text within the limit stays whole', () => {
    expect(splitByBytes('一\n二', 100)).toEqual(['一\n二']);
  });

  test('one line longer than a message is cut between characters, never inside one', () => {
    const line = '隐'.repeat(10); // 30 bytes
    const parts = splitByBytes(line, 8);
    expect(parts).toEqual(['隐隐', '隐隐', '隐隐', '隐隐', '隐隐']);
    expect(parts.join('')).toBe(line);
  });

  test('cuts at line ends first', () => {
    expect(splitByBytes('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
  });
});

describe('chooseTransport', () => {
  test('BOT_TRANSPORT decides; else 企业微信 when both credentials are set, else Wechaty', () => {
    expect(chooseTransport({ BOT_TRANSPORT: 'wechaty', WECOM_BOT_ID: 'a', WECOM_BOT_SECRET: 'b' })).toBe(
      'wechaty',
    );
    expect(chooseTransport({ BOT_TRANSPORT: 'WeCom' })).toBe('wecom');
    expect(chooseTransport({ WECOM_BOT_ID: 'a', WECOM_BOT_SECRET: 'b' })).toBe('wecom');
    expect(chooseTransport({ WECOM_BOT_ID: 'a' })).toBe('wechaty');
    expect(() => chooseTransport({ BOT_TRANSPORT: 'qq' })).toThrow(
      'BOT_TRANSPORT=qq 无效：应为 wecom（企业微信）、dingtalk（钉钉）或 wechaty（个人微信）。',
    );
  });
});
