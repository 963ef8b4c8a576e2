// The harness Dovecot's options for logins and compression: COMPRESS=DEFLATE with imap_zlib, and
// XOAUTH2 / OAUTHBEARER checked by the oauth2 passdb against the local token endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startTokenEndpoint, type TokenEndpoint } from '../support/token-endpoint.js';

let server: DovecotServer;
let tokens: TokenEndpoint;

before(async () => {
  tokens = await startTokenEndpoint({ 'good-token': 'alice' });
  server = await startDovecot({ compress: true, oauth2: { tokenInfoUrl: tokens.tokenInfoUrl } });
});

after(async () => {
  await server?.stop();
  await tokens?.close();
});

function client(auth: { user: string; pass?: string; accessToken?: string }): ImapFlow {
  const c = new ImapFlow({ host: server.host, port: server.imapPort, secure: false, doSTARTTLS: false, auth, logger: false });
  c.on('error', () => undefined);
  return c;
}

test('COMPRESS=DEFLATE is offered after login', async () => {
  const c = client({ user: server.user.user, pass: server.user.password });
  await c.connect();
  assert.ok(c.capabilities.has('COMPRESS=DEFLATE'), [...c.capabilities.keys()].join(' '));
  await c.logout();
});

test('a known token logs in, an unknown one is refused and asked about', async () => {
  const good = client({ user: 'alice', accessToken: 'good-token' });
  await good.connect();
  assert.ok((await good.list()).some((m) => m.path === 'INBOX'));
  await good.logout();
  assert.ok(tokens.asked.includes('good-token'));
  const bad = client({ user: 'alice', accessToken: 'stolen-token' });
  await assert.rejects(bad.connect());
  assert.ok(tokens.asked.includes('stolen-token'));
});

test('the password is not accepted as a token', async () => {
  const c = client({ user: 'alice', accessToken: server.user.password });
  await assert.rejects(c.connect());
});
