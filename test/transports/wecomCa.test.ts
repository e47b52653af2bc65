import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../src/bot/logger.js';
import { TransportStartError } from '../../src/transports/TransportStartError.js';
import { launchWecom } from '../../src/transports/wecom/launchWecom.js';
import { tempDir } from '../kit/testBot.js';
import { WecomServer } from '../kit/wecomServer.js';

/**
 * A 政务微信 / private deployment serves wss:// with a certificate signed by its own CA. The test
 * makes such a CA and a server certificate for 127.0.0.1 with openssl, serves the local 企业微信
 * server over TLS with it, and starts the transport as `npm start` does, from the environment.
 */
let dir = '';
let tls: { key: Buffer; cert: Buffer };
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

beforeAll(() => {
  dir = tempDir('jz-wecom-ca-');
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Test Deployment CA',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  tls = { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
});

async function tlsServer(): Promise<WecomServer> {
  const server = await WecomServer.start('bot-gov', 'secret-gov', tls);
  open.push(() => server.close());
  return server;
}

const env = (server: WecomServer, extra: Record<string, string> = {}) => ({
  WECOM_BOT_ID: server.botId,
  WECOM_BOT_SECRET: server.secret,
  WECOM_WS_URL: server.url,
  ...extra,
});

async function launch(vars: NodeJS.ProcessEnv) {
  const transport = await launchWecom(vars, memoryLogger(), { exit: () => {} });
  open.push(async () => transport.client.disconnect());
  return transport;
}

describe('WECOM_CA_FILE: a private deployment with its own CA', () => {
  test('with the CA file the bot connects over wss:// and is authenticated', async () => {
    const server = await tlsServer();
    expect(server.url).toMatch(/^wss:\/\//);
    await launch(env(server, { WECOM_CA_FILE: join(dir, 'ca.pem') }));
    expect(server.logins).toBe(1);
  });

  test('without it the certificate is not trusted: one line naming WECOM_CA_FILE, never authenticated', async () => {
    const server = await tlsServer();
    const failed = await launch(env(server)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(TransportStartError);
    expect((failed as Error).message).toMatch(/证书不受信任（[A-Z_]+）.*WECOM_CA_FILE/);
    expect((failed as Error).message).not.toContain('\n');
    expect(server.logins).toBe(0);
  });

  test('a CA file that is missing or not a certificate is one clear line before any connection', async () => {
    const server = await tlsServer();
    await expect(launch(env(server, { WECOM_CA_FILE: join(dir, 'nope.pem') }))).rejects.toThrow(
      /无法读取 WECOM_CA_FILE 指定的证书文件 .*nope\.pem（ENOENT）/,
    );
    await expect(launch(env(server, { WECOM_CA_FILE: join(dir, 'san.ext') }))).rejects.toThrow(
      /不是 PEM 格式的证书/,
    );
    expect(server.logins).toBe(0);
  });
});
