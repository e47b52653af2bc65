import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { DingtalkServer, textOf } from '../kit/dingtalkServer.js';
import { CID } from '../kit/dingtalkSession.js';
import { GROUP, ORG_ROSTER, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const START = join(process.cwd(), 'dist', 'src', 'bin', 'start.js');
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** The shipped campaign with the group named by its 钉钉 conversationId and the roster by staff id. */
function campaignFile(dir: string): string {
  const c = JSON.parse(readFileSync(SHIPPED_CAMPAIGN, 'utf8'));
  const path = join(dir, 'campaign.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...c,
      groups: [{ name: GROUP, chatid: CID }],
      admins: ['admin01'],
      people: ORG_ROSTER,
    }),
  );
  return path;
}

/** Runs `npm start`'s program with `env`; collects its stderr and exit code. */
function runStart(env: Record<string, string>): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const dir = tempDir('jz-dingtalk-start-');
  const child = spawn(
    process.execPath,
    [START, '--data', join(dir, 'data'), '--campaign', campaignFile(dir)],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

const envFor = (server: DingtalkServer, secret = server.clientSecret) => ({
  DINGTALK_CLIENT_ID: server.clientId,
  DINGTALK_CLIENT_SECRET: secret,
  DINGTALK_GATEWAY_URL: server.gatewayUrl,
  DINGTALK_API_URL: server.base,
  DINGTALK_OAPI_URL: server.base,
});

describe('npm start on 钉钉', () => {
  test('DINGTALK_CLIENT_ID/SECRET pointing at the local server: the bot connects and answers an @-message in the group', async () => {
    const server = await DingtalkServer.start();
    open.push(() => server.close());
    const { child, done } = runStart(envFor(server));
    open.push(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await done;
    });
    await server.until(() => server.connections >= 1 && server.tokensIssued >= 1);
    server.text('m1', 'zhangmin', '#我', CID);
    const reply = await server.until(() => server.sent[0]);
    expect(reply.via).toBe('webhook');
    expect(textOf(reply)).toMatch(/^张敏：东城司法所/);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  test('a bad secret ends with one clear line and a non-zero exit', async () => {
    const server = await DingtalkServer.start();
    open.push(() => server.close());
    const r = await runStart(envFor(server, 'wrong')).done;
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^钉钉拒绝了应用凭证（clientId或clientSecret不正确）：请核对环境变量 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET/,
    );
    expect(server.connections).toBe(0);
  });

  test('no server to reach ends with one clear line and a non-zero exit', async () => {
    const server = await DingtalkServer.start();
    const env = envFor(server);
    await server.close();
    const r = await runStart({ ...env, BOT_TRANSPORT: 'dingtalk' }).done;
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^无法连接钉钉 Stream 网关 http:\/\/127\.0\.0\.1:\d+\/v1\.0\/gateway\/connections\/open（ECONNREFUSED）：网络不通？/,
    );
  });
});
