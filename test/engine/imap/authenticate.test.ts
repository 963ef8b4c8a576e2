// Logging in: which mechanism AuthMechs picks on which server (a table, mbsync's meaning), and the
// SASL exchanges against a scripted server, continuation edge cases and token rejection included.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSecureContext } from 'node:tls';
import { authenticate, chooseMechanism, type LoginSecret } from '../../../src/engine/imap/authenticate.js';
import { ImapConnection } from '../../../src/engine/imap/imap-connection.js';
import { classifyError } from '../../../src/engine/errors.js';
import { startScriptedServer, type ScriptedConnection, type ScriptedServer } from '../../support/scripted-server.js';

const caps = (text: string) => new Set(text.split(' '));
const DOVECOT = 'IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN AUTH=XOAUTH2 AUTH=OAUTHBEARER';

test('AuthMechs table: listed order, * = any offered, LOGIN = the LOGIN command, LOGINDISABLED respected', () => {
  const rows: [string, LoginSecret['kind'], string[], string][] = [
    [DOVECOT, 'password', [], 'PLAIN'],
    [DOVECOT, 'password', ['*'], 'PLAIN'],
    [DOVECOT, 'password', ['LOGIN'], 'LOGIN'],
    [DOVECOT, 'password', ['LOGIN', 'PLAIN'], 'LOGIN'],
    [DOVECOT, 'password', ['CRAM-MD5', 'PLAIN'], 'PLAIN'],
    ['IMAP4rev1', 'password', [], 'LOGIN'],
    ['IMAP4rev1 LOGINDISABLED AUTH=LOGIN', 'password', ['LOGIN'], 'AUTH=LOGIN'],
    ['IMAP4rev1 LOGINDISABLED AUTH=PLAIN', 'password', ['LOGIN', 'PLAIN'], 'PLAIN'],
    [DOVECOT, 'token', [], 'OAUTHBEARER'],
    [DOVECOT, 'token', ['XOAUTH2'], 'XOAUTH2'],
    [DOVECOT, 'token', ['XOAUTH2', 'OAUTHBEARER'], 'XOAUTH2'],
    [DOVECOT, 'token', ['XOAUTH2', '*'], 'XOAUTH2'],
    [DOVECOT, 'password', ['LOGIN', '*'], 'LOGIN'],
    ['IMAP4rev1 AUTH=XOAUTH2', 'token', ['*'], 'XOAUTH2'],
    [DOVECOT, 'token', ['plain', 'oauthbearer'], 'OAUTHBEARER'],
    [
      'IMAP4rev1 AUTH=PLAIN',
      'token',
      ['XOAUTH2'],
      'error: offers no login for AuthMechs XOAUTH2 with an OAuth2 token (it offers PLAIN LOGIN)',
    ],
    ['IMAP4rev1 LOGINDISABLED', 'password', ['LOGIN'], 'error: (it offers none, LOGINDISABLED)'],
    ['IMAP4rev1 AUTH=XOAUTH2', 'password', ['XOAUTH2'], 'error: with a password'],
  ];
  for (const [offered, kind, mechs, expected] of rows) {
    const label = `${offered} / ${kind} / ${mechs.join(' ') || '(none)'}`;
    if (expected.startsWith('error: ')) {
      assert.throws(
        () => chooseMechanism(caps(offered), kind, mechs, 'imap.test'),
        (e: Error & { code?: string }) =>
          e.code === 'AUTH_MECHANISMS' && e.message.startsWith('imap.test ') && e.message.includes(expected.slice(7)),
        label,
      );
    } else {
      assert.equal(chooseMechanism(caps(offered), kind, mechs, 'imap.test'), expected, label);
    }
  }
});

const servers: ScriptedServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

type Exchange = (command: string, connection: ScriptedConnection, tag: string) => Promise<void>;

/** Logs in against a server offering `capabilities` whose AUTHENTICATE/LOGIN is scripted by `exchange`. */
async function login(capabilities: string, secret: LoginSecret, exchange: Exchange, mechanisms: string[] = []) {
  const server = await startScriptedServer(`* OK [CAPABILITY ${capabilities}] hi`, async (command, connection) => {
    if (command.verb === 'AUTHENTICATE' || command.verb === 'LOGIN')
      await exchange(command.text, connection, command.tag);
    else connection.write(`${command.tag} OK done\r\n`);
  });
  servers.push(server);
  const connection = await ImapConnection.connect({
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    secureContext: createSecureContext(),
    timeoutMs: 10_000,
    maxLiteralBytes: 1e6,
  });
  try {
    await authenticate(connection, connection.capabilities, {
      user: 'joe',
      secret,
      mechanisms,
      host: 'imap.test',
      port: 993,
    });
  } finally {
    connection.destroy();
  }
  return server.commands;
}

const password: LoginSecret = { kind: 'password', password: 'pa ss"w' };
const token: LoginSecret = { kind: 'token', token: 'ya29.token' };
const b64 = (text: string) => Buffer.from(text).toString('base64');
const ok = (tag: string, c: ScriptedConnection) => c.write(`${tag} OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n`);
const jsonError = b64('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}');

test('PLAIN with SASL-IR: one line', async () => {
  const commands = await login('IMAP4rev1 SASL-IR AUTH=PLAIN', password, async (_, c, tag) => ok(tag, c));
  assert.equal(commands[0], `M1 AUTHENTICATE PLAIN ${b64('\0joe\0pa ss"w')}`);
});

test('PLAIN without SASL-IR: the credentials answer the empty challenge (with or without a space after +)', async () => {
  for (const prompt of ['+ ', '+']) {
    let answer = '';
    await login('IMAP4rev1 AUTH=PLAIN', password, async (text, c, tag) => {
      assert.equal(text, 'AUTHENTICATE PLAIN');
      c.write(`${prompt}\r\n`);
      answer = await c.nextLine();
      ok(tag, c);
    });
    assert.equal(answer, b64('\0joe\0pa ss"w'), prompt);
  }
});

test('SASL LOGIN where the LOGIN command is disabled: user, then password', async () => {
  const answers: string[] = [];
  await login(
    'IMAP4rev1 LOGINDISABLED AUTH=LOGIN',
    password,
    async (text, c, tag) => {
      assert.equal(text, 'AUTHENTICATE LOGIN');
      for (const prompt of ['VXNlcm5hbWU6', 'UGFzc3dvcmQ6']) {
        c.write(`+ ${prompt}\r\n`);
        answers.push(await c.nextLine());
      }
      ok(tag, c);
    },
    ['LOGIN'],
  );
  assert.deepEqual(answers, [b64('joe'), b64('pa ss"w')]);
});

test('the LOGIN command quotes what it can and sends the rest as literals', async () => {
  const commands = await login('IMAP4rev1', { kind: 'password', password: 'pässword' }, async (_, c, tag) =>
    ok(tag, c),
  );
  assert.equal(commands[0], 'M1 LOGIN "joe" "pässword"');
});

test('an unexpected extra challenge is cancelled with *, and the failure is a failed login', async () => {
  let extra = '';
  const failed = login('IMAP4rev1 SASL-IR AUTH=PLAIN', password, async (_, c, tag) => {
    c.write('+ more?\r\n');
    extra = await c.nextLine();
    c.write(`${tag} BAD [AUTHENTICATIONFAILED] cancelled\r\n`);
  });
  await assert.rejects(
    failed,
    (e: Error) => classifyError(e, { account: 'a', host: 'imap.test' }).code === 'AUTH_FAILED',
  );
  assert.equal(extra, '*');
});

test('XOAUTH2: token inline; a JSON error challenge gets the empty response, then "token rejected"', async () => {
  let answer: string | undefined;
  const failed = login('IMAP4rev1 SASL-IR AUTH=XOAUTH2', token, async (text, c, tag) => {
    assert.equal(text, `AUTHENTICATE XOAUTH2 ${b64('user=joe\x01auth=Bearer ya29.token\x01\x01')}`);
    c.write(`+ ${jsonError}\r\n`);
    answer = await c.nextLine();
    c.write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n`);
  });
  await assert.rejects(failed, (e: Error & { code?: string; scope?: string; retry?: string }) => {
    assert.deepEqual([e.code, e.scope, e.retry], ['AUTH_TOKEN_REJECTED', 'account', 'final']);
    assert.match(
      e.message,
      /^login to imap\.test: token rejected \(status 401, scope https:\/\/mail\.google\.com\/\)$/,
    );
    return classifyError(e, { account: 'a' }).code === 'AUTH_TOKEN_REJECTED';
  });
  assert.equal(answer, '');
});

test('OAUTHBEARER (RFC 7628): gs2 header with host and port; an error challenge is answered with %x01', async () => {
  let initial = '';
  let answer: string | undefined;
  const failed = login('IMAP4rev1 AUTH=OAUTHBEARER', { kind: 'token', token: 'tok' }, async (text, c, tag) => {
    assert.equal(text, 'AUTHENTICATE OAUTHBEARER');
    c.write('+ \r\n');
    initial = Buffer.from(await c.nextLine(), 'base64').toString();
    c.write(`+ ${jsonError}\r\n`);
    answer = await c.nextLine();
    c.write(`${tag} NO authentication failed\r\n`);
  });
  await assert.rejects(failed, { code: 'AUTH_TOKEN_REJECTED' });
  assert.equal(initial, 'n,a=joe,\x01host=imap.test\x01port=993\x01auth=Bearer tok\x01\x01');
  assert.equal(answer, b64('\x01'));
});

test('a busy server refusing a token is a wait, not a rejected token', async () => {
  const failed = login('IMAP4rev1 SASL-IR AUTH=XOAUTH2', token, async (_, c, tag) => {
    c.write(`${tag} NO [UNAVAILABLE] try again later\r\n`);
  });
  await assert.rejects(
    failed,
    (e: Error) => classifyError(e, { account: 'a', host: 'imap.test' }).code === 'SERVER_BUSY',
  );
});

test('capabilities are asked again when the login answer carried none', async () => {
  const commands = await login('IMAP4rev1 SASL-IR AUTH=PLAIN', password, async (_, c, tag) =>
    c.write(`${tag} OK in\r\n`),
  );
  assert.deepEqual(
    commands.map((c) => c.split(' ')[1]),
    ['AUTHENTICATE', 'CAPABILITY'],
  );
});
