// The fault proxy itself, against the harness Dovecot with imapflow: it passes IMAP through
// byte-exact, and each rule breaks or rewrites exactly what it says, for as many connections as asked.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { after, beforeEach, describe, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { useCorpusServer } from '../support/corpus-server.js';
import { ImapUnitReader, serializeUnit } from '../support/imap-stream.js';
import { serverMessages } from '../support/server-mail.js';
import { waitUntil } from '../support/wait-until.js';

const corpus = useCorpusServer({ proxy: true });
const clients = new Set<ImapFlow>();

function client(): ImapFlow {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: corpus.proxy.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: corpus.server.user.user, pass: corpus.server.user.password },
    logger: false,
    disableAutoIdle: true,
  });
  c.on('error', () => undefined);
  clients.add(c);
  return c;
}

async function firstInboxBody(c: ImapFlow): Promise<Buffer | undefined> {
  await c.mailboxOpen('INBOX', { readOnly: true });
  const message = await c.fetchOne('1', { uid: true, source: true });
  return message ? message.source : undefined;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const closeClients = () => {
  for (const c of clients) c.close();
  clients.clear();
};
beforeEach(closeClients);
after(closeClients);

test('ImapUnitReader keeps literals inside their unit, across chunk boundaries', () => {
  const reader = new ImapUnitReader();
  const wire = Buffer.from('* 1 FETCH (BODY[] {5}\r\nab\r\nc UID 3)\r\n* OK done\r\n');
  const units = [...wire].flatMap((byte) => reader.push(Buffer.from([byte])));
  assert.equal(units.length, 2);
  assert.deepEqual(
    units[0]!.segments.map((s) => s.kind),
    ['line', 'literal', 'line'],
  );
  assert.equal(units[0]!.segments[1]!.data.toString(), 'ab\r\nc');
  assert.deepEqual(Buffer.concat(units.map(serializeUnit)), wire);
});

describe('fault proxy', () => {
  test('passes IMAP through byte-exact and counts connections', async () => {
    const before = corpus.proxy.connections;
    const c = client();
    await c.connect();
    const body = await firstInboxBody(c);
    const [first] = await serverMessages(corpus.server, 'INBOX');
    assert.equal(sha(body!), first!.sha256);
    assert.equal(corpus.proxy.connections, before + 1);
  });

  test('cutAfterBytes inside a message literal fails that fetch; the next connection works', async () => {
    corpus.proxy.cutAfterBytes(100, { inLiteral: true });
    const broken = client();
    await broken.connect();
    await assert.rejects(firstInboxBody(broken));
    const fine = client();
    await fine.connect();
    const [first] = await serverMessages(corpus.server, 'INBOX');
    assert.equal(sha((await firstInboxBody(fine))!), first!.sha256);
  });

  test('cutAfterBytes counted from the greeting drops the connection before login completes', async () => {
    corpus.proxy.cutAfterBytes(40);
    await assert.rejects(client().connect());
  });

  test('replaceTaggedResponse for two connections: NO [UNAVAILABLE] twice, then the fetch works', async () => {
    corpus.proxy.replaceTaggedResponse(/BODY\.PEEK\[\]/i, 'NO [UNAVAILABLE] try later', { connections: 2 });
    for (let i = 0; i < 2; i++) {
      const c = client();
      await c.connect();
      await assert.rejects(firstInboxBody(c), /UNAVAILABLE|try later|failed/i);
    }
    const c = client();
    await c.connect();
    assert.ok(await firstInboxBody(c));
  });

  test('injectUntagged BYE [OVERQUOTA] on a FETCH closes the connection', async () => {
    corpus.proxy.injectUntagged('BYE [OVERQUOTA] Account exceeded command or bandwidth limits.', {
      whenCommand: /FETCH/i,
    });
    const c = client();
    await c.connect();
    await assert.rejects(firstInboxBody(c));
    assert.equal(c.usable, false);
  });

  test('rewriteList shows hostile names, and commands naming an alias reach the real mailbox', async () => {
    corpus.proxy.rewriteList((entry) =>
      entry.name === 'Sent Items'
        ? [
            { ...entry, name: '../../x' },
            { ...entry, name: 'a\x1b[31m', delimiter: null },
          ]
        : [entry],
    );
    const c = client();
    await c.connect();
    const names = (await c.list()).map((m) => m.path);
    assert.ok(names.includes('../../x'), names.join(','));
    assert.ok(names.includes('a\x1b[31m'), names.join(','));
    assert.ok(!names.includes('Sent Items'));
    const status = await c.status('../../x', { messages: true });
    assert.equal(status && status.messages, 6);
  });

  test('stripCapability removes STARTTLS, so a STARTTLS-requiring client refuses to go on', async () => {
    corpus.proxy.stripCapability('STARTTLS');
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: corpus.proxy.port,
      secure: false,
      doSTARTTLS: true,
      auth: { user: corpus.server.user.user, pass: corpus.server.user.password },
      logger: false,
    });
    c.on('error', () => undefined);
    clients.add(c);
    await assert.rejects(c.connect());
  });

  test('STARTTLS without a rule is passed through as TLS', async () => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: corpus.proxy.port,
      secure: false,
      doSTARTTLS: true,
      auth: { user: corpus.server.user.user, pass: corpus.server.user.password },
      logger: false,
      disableAutoIdle: true,
      tls: { rejectUnauthorized: false },
    });
    c.on('error', () => undefined);
    clients.add(c);
    await c.connect();
    assert.equal(c.secureConnection, true);
    assert.ok(await firstInboxBody(c));
  });

  test('greetPreauth makes the client believe it is logged in', async () => {
    corpus.proxy.greetPreauth();
    const c = client();
    await c.connect().catch(() => undefined);
    assert.equal(c.authenticated, true);
  });

  test('fetchRewrite: NIL body, missing UID, oversized literal', async () => {
    corpus.proxy.fetchRewrite({ kind: 'nil-body' });
    let c = client();
    await c.connect();
    assert.equal((await firstInboxBody(c).catch(() => undefined))?.length ?? 0, 0);

    corpus.proxy.fetchRewrite({ kind: 'no-uid' });
    c = client();
    await c.connect();
    await c.mailboxOpen('INBOX', { readOnly: true });
    const row = await c.fetchOne('1', { source: true });
    assert.ok(row === false || !row.uid, 'no UID seen');

    corpus.proxy.fetchRewrite({ kind: 'oversized-literal', bytes: 1_000_000 });
    c = client();
    await c.connect();
    assert.equal((await firstInboxBody(c))!.length, 1_000_000);
  });

  test('stall keeps the connection open and silent', async () => {
    corpus.proxy.stall({ whenCommand: /NOOP/ });
    const socket = connect({ host: '127.0.0.1', port: corpus.proxy.port });
    try {
      const received: Buffer[] = [];
      await new Promise<void>((resolve) =>
        socket.once('data', (d) => {
          received.push(d);
          resolve();
        }),
      );
      socket.on('data', (d) => received.push(d));
      const before = corpus.proxy.withheld;
      socket.write('a NOOP\r\n');
      // Dovecot answered (the proxy holds its bytes back): that answer never reached the client.
      await waitUntil(
        () => corpus.proxy.withheld > before,
        () => 'Dovecot never answered the NOOP',
      );
      assert.equal(received.length, 1, 'only the greeting arrived');
      assert.equal(socket.destroyed, false);
    } finally {
      socket.destroy();
    }
  });
});
