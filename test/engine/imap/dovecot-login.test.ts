// Logging in to a real Dovecot with each mechanism AuthMechs can ask for (PLAIN, the LOGIN command,
// XOAUTH2 and OAUTHBEARER through the oauth2 passdb), tokens refused, and COMPRESS=DEFLATE in use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { AccountConfig } from '../../../src/config/types.js';
import { connectImap } from '../../../src/engine/imap/connect.js';
import { classifyError } from '../../../src/engine/errors.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { appendMessage } from '../../support/server-mail.js';
import { startTokenEndpoint, type TokenEndpoint } from '../../support/token-endpoint.js';
import { waitUntil } from '../../support/wait-until.js';

let server: DovecotServer;
let tokens: TokenEndpoint;
const message = Buffer.from(
  `Subject: squeeze me\r\n\r\n${'all work and no play makes a dull backup\r\n'.repeat(20_000)}`,
);

before(async () => {
  tokens = await startTokenEndpoint({ 'good-token': 'alice' });
  server = await startDovecot({ compress: true, oauth2: { tokenInfoUrl: tokens.tokenInfoUrl } });
  await appendMessage(server, 'INBOX', message);
});

after(async () => {
  await server?.stop();
  await tokens?.close();
});

function account(
  secret: string,
  authMechs: string[],
  port = server.imapPort,
  extra: Partial<AccountConfig> = {},
): AccountConfig {
  return {
    name: 'dovecot',
    host: '127.0.0.1',
    port,
    tls: 'none',
    user: 'alice',
    password: { kind: 'plain', password: secret },
    systemCertificates: false,
    timeoutSeconds: 30,
    authMechs,
    ...extra,
  } as AccountConfig;
}

/** Login lines Dovecot logged since `from` (e.g. `method=XOAUTH2`). */
const loginsSince = (from: number) =>
  readFileSync(`${server.dir}/dovecot.log`, 'utf8')
    .slice(from)
    .match(/method=[A-Z0-9]+/g) ?? [];
const logSize = () => readFileSync(`${server.dir}/dovecot.log`, 'utf8').length;

test('AuthMechs against Dovecot: each mechanism logs in as asked', async () => {
  const rows: [string, string[], string][] = [
    ['wonderland-secret', [], 'method=PLAIN'],
    ['wonderland-secret', ['PLAIN'], 'method=PLAIN'],
    ['wonderland-secret', ['LOGIN'], 'method=PLAIN'], // the LOGIN command is logged as PLAIN
    ['good-token', ['XOAUTH2'], 'method=XOAUTH2'],
    ['good-token', ['OAUTHBEARER'], 'method=OAUTHBEARER'],
    ['good-token', ['OAUTHBEARER', 'XOAUTH2'], 'method=OAUTHBEARER'],
  ];
  for (const [secret, mechs, method] of rows) {
    const from = logSize();
    const session = await connectImap(account(secret, mechs));
    assert.ok((await session.list()).some((m) => m.name === 'INBOX'));
    await session.close();
    const logged = await waitUntil(
      () => loginsSince(from).length > 0 && loginsSince(from),
      () => `Dovecot never logged the login with ${mechs.join(' ') || '(no mechanisms)'}`,
    );
    assert.deepEqual(logged, [method], `${mechs.join(' ') || '(none)'}`);
  }
});

test('a refused token is AUTH_TOKEN_REJECTED, a wrong password AUTH_FAILED', async () => {
  for (const mechs of [['XOAUTH2'], ['OAUTHBEARER']]) {
    await assert.rejects(connectImap(account('expired-token', mechs)), (e: Error) => {
      const info = classifyError(e, { account: 'dovecot', host: '127.0.0.1' });
      assert.deepEqual([info.code, info.scope, info.retry], ['AUTH_TOKEN_REJECTED', 'account', 'final'], info.message);
      return /token rejected/.test(info.message);
    });
  }
  await assert.rejects(
    connectImap(account('wrong', ['PLAIN'])),
    (e: Error) => classifyError(e, { account: 'dovecot', host: '127.0.0.1' }).code === 'AUTH_FAILED',
  );
});

/** A TCP relay to Dovecot that counts the bytes the server sends. */
async function countingRelay(): Promise<{ port: number; fromServer: () => number; close: () => void }> {
  let bytes = 0;
  const relay = net.createServer((client) => {
    const upstream = net.connect(server.imapPort, '127.0.0.1');
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return { port: (relay.address() as AddressInfo).port, fromServer: () => bytes, close: () => relay.close() };
}

test('COMPRESS=DEFLATE with Dovecot (imap_zlib): the same bytes fetched, far fewer on the wire', async () => {
  const wire: number[] = [];
  for (const compress of [true, false]) {
    const relay = await countingRelay();
    try {
      const session = await connectImap(account('wonderland-secret', [], relay.port, { compress }));
      const inbox = (await session.list()).find((m) => m.name === 'INBOX')!;
      await session.examine(inbox);
      const [body] = await session.fetchBodies([1]);
      assert.deepEqual(body?.body, message);
      await session.close();
      wire.push(relay.fromServer());
    } finally {
      relay.close();
    }
  }
  assert.ok(wire[1]! > message.length, `uncompressed: ${wire[1]} bytes`);
  assert.ok(wire[0]! * 20 < message.length, `compressed: ${wire[0]} bytes for a ${message.length}-byte message`);
});
