// ImapConnection against a scripted fake server on 127.0.0.1: each test says what the server
// answers to each line it receives, and checks what the client made of it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, test } from 'node:test';
import { createSecureContext } from 'node:tls';
import type { ImapConnectOptions, UntaggedResponse } from '../../../src/engine/imap/connection-types.js';
import { ImapConnection } from '../../../src/engine/imap/imap-connection.js';
import { ImapCommandError, ImapConnectionError } from '../../../src/engine/imap/imap-errors.js';
import { ImapProtocolError } from '../../../src/engine/imap/protocol-error.js';
import { uidFetch } from '../../../src/engine/imap/fetch.js';
import { uidsStillThere } from '../../../src/engine/imap/uids-still-there.js';

/** The server's side of one connection: what it received so far, and a way to wait for the next line. */
interface ServerSide {
  socket: net.Socket;
  received: () => string;
  nextLine: () => Promise<string>;
}

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const connections: ImapConnection[] = [];
after(() => {
  for (const connection of connections) connection.destroy();
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

/** A server that greets with `greeting` and then runs `script` for its first connection. */
async function fakeServer(
  greeting: string | undefined,
  script: (side: ServerSide) => Promise<void> = async () => undefined,
): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let buffer = '';
    let consumed = 0;
    let waiter: (() => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      waiter?.();
    });
    const nextLine = async (): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf('\r\n', consumed);
        if (end !== -1) {
          const line = buffer.slice(consumed, end);
          consumed = end + 2;
          return line;
        }
        await new Promise<void>((resolve) => (waiter = resolve));
      }
    };
    if (greeting !== undefined) socket.write(greeting);
    script({ socket, received: () => buffer, nextLine }).catch((error: unknown) => socket.destroy(error as Error));
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

function options(port: number, extra: Partial<ImapConnectOptions> = {}): ImapConnectOptions {
  return {
    host: '127.0.0.1',
    port,
    security: 'none',
    secureContext: createSecureContext(),
    timeoutMs: 10_000,
    maxLiteralBytes: 1000,
    ...extra,
  };
}

async function connect(port: number, extra: Partial<ImapConnectOptions> = {}): Promise<ImapConnection> {
  const connection = await ImapConnection.connect(options(port, extra));
  connections.push(connection);
  return connection;
}

/** Answers each command by its verb: `lines` are written for it, tagged with the command's tag where `$TAG` stands. */
function answer(replies: Record<string, string>) {
  return async ({ nextLine, socket }: ServerSide) => {
    for (;;) {
      const line = await nextLine();
      const [tag, verb] = line.split(' ');
      const reply = replies[verb!.toUpperCase()];
      if (reply === undefined) return;
      socket.write(reply.replaceAll('$TAG', tag!));
    }
  };
}

const errorWith = (code: string, message?: RegExp) => (e: Error & { code?: string }) =>
  e.code === code && (message === undefined || message.test(e.message));

test('greeting with CAPABILITY: no CAPABILITY command is needed', async () => {
  let firstLine = '';
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1 LITERAL+ ID] ready\r\n', async ({ nextLine, socket }) => {
    firstLine = await nextLine();
    socket.write(`${firstLine.split(' ')[0]} OK noop done\r\n`);
  });
  const connection = await connect(port);
  assert.deepEqual([...connection.capabilities], ['IMAP4REV1', 'LITERAL+', 'ID']);
  assert.equal(connection.preauthenticated, false);
  assert.deepEqual(await connection.run('NOOP'), { status: 'OK', text: 'noop done' });
  assert.equal(firstLine, 'M1 NOOP');
});

test('greeting without CAPABILITY: the client asks for them', async () => {
  const port = await fakeServer(
    '* OK ready\r\n',
    answer({ CAPABILITY: '* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\n$TAG OK done\r\n' }),
  );
  const connection = await connect(port);
  assert.deepEqual([...connection.capabilities], ['IMAP4REV1', 'AUTH=PLAIN', 'SASL-IR']);
});

test('PREAUTH greeting: already authenticated', async () => {
  const port = await fakeServer('* PREAUTH [CAPABILITY IMAP4rev1] hello\r\n');
  const connection = await connect(port);
  assert.equal(connection.preauthenticated, true);
  assert.ok(connection.capabilities.has('IMAP4REV1'));
});

test("BYE greeting: connect fails with the server's words", async () => {
  const port = await fakeServer('* BYE [UNAVAILABLE] too many connections\r\n');
  await assert.rejects(
    connect(port),
    (e: ImapConnectionError) =>
      e.code === 'EConnectionClosed' &&
      /refused the connection: BYE \[UNAVAILABLE\] too many connections/.test(e.message) &&
      e.responseText === 'BYE [UNAVAILABLE] too many connections',
  );
});

test('a greeting that is not OK, PREAUTH or BYE fails connect instead of hanging', { timeout: 10_000 }, async () => {
  for (const greeting of [
    'M1 OK hello\r\n',
    '+ go on\r\n',
    '* 3 EXISTS\r\n',
    'garbage\r\n',
    '* OK [CAPABILITY\r\n',
    '* NO not today\r\n',
    '* BAD what\r\n',
  ]) {
    const port = await fakeServer(greeting);
    await assert.rejects(connect(port), errorWith('EPROTOCOL'), greeting);
  }
});

test('a server that closes before greeting: connection closed', async () => {
  const port = await fakeServer(undefined, async ({ socket }) => void socket.end());
  await assert.rejects(connect(port), errorWith('EConnectionClosed', /closed the connection/));
});

test('tagged NO and BAD become ImapCommandError with status, code and text; the connection stays usable', async () => {
  const port = await fakeServer(
    '* OK [CAPABILITY IMAP4rev1] hi\r\n',
    answer({
      SELECT: '$TAG NO [NONEXISTENT] Mailbox does not exist\r\n',
      FOO: '$TAG BAD Unknown command\r\n',
      NOOP: '$TAG OK\r\n',
    }),
  );
  const connection = await connect(port);
  await assert.rejects(
    connection.run('SELECT "Nope"'),
    (e: ImapCommandError) =>
      e instanceof ImapCommandError &&
      e.responseStatus === 'NO' &&
      e.serverResponseCode === 'NONEXISTENT' &&
      e.responseText === '[NONEXISTENT] Mailbox does not exist' &&
      e.message === 'SELECT "Nope" failed: NO [NONEXISTENT] Mailbox does not exist',
  );
  await assert.rejects(
    connection.run('FOO'),
    (e: ImapCommandError) =>
      e.responseStatus === 'BAD' && e.serverResponseCode === undefined && e.responseText === 'Unknown command',
  );
  assert.equal(connection.usable, true);
  assert.equal((await connection.run('NOOP')).status, 'OK');
});

test('commands are pipelined: both are on the wire before the first answer, each gets its own untagged responses', async () => {
  const lines: string[] = [];
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    lines.push(await nextLine(), await nextLine());
    socket.write(
      '* 3 EXISTS\r\n* OK [UIDNEXT 4] next\r\nM1 OK [READ-ONLY] done\r\n* 3 FETCH (UID 3 FLAGS ())\r\nM2 OK\r\n',
    );
  });
  const connection = await connect(port);
  const seen: string[][] = [[], []];
  const collect = (i: number) => (r: UntaggedResponse) =>
    void seen[i]!.push(r.kind === 'data' ? r.name : `status ${r.result.code}`);
  await Promise.all([connection.run('EXAMINE "a"', collect(0)), connection.run('UID FETCH 3 (FLAGS)', collect(1))]);
  assert.deepEqual(lines, ['M1 EXAMINE "a"', 'M2 UID FETCH 3 (FLAGS)']);
  assert.deepEqual(seen, [['EXISTS', 'status UIDNEXT 4'], ['FETCH']]);
});

test('commands queued in one turn go out in one write (one TLS record, one segment)', async () => {
  const port = await fakeServer(
    '* OK [CAPABILITY IMAP4rev1] hi\r\n',
    answer({ EXAMINE: '$TAG OK\r\n', UID: '$TAG OK\r\n', NOOP: '$TAG OK\r\n' }),
  );
  const connection = await connect(port);
  const writes: string[] = [];
  // Taken off the prototype to be put back afterwards; it is only ever called with a socket as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    // The client's socket only (the fake server writes through the same prototype).
    if (this.remotePort === port) writes.push(Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk));
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  try {
    await Promise.all([connection.run('EXAMINE "a"'), connection.run('UID FETCH 3 (FLAGS)')]);
    await connection.run('NOOP');
  } finally {
    net.Socket.prototype.write = write;
  }
  assert.deepEqual(writes, ['M1 EXAMINE "a"\r\nM2 UID FETCH 3 (FLAGS)\r\n', 'M3 NOOP\r\n']);
});

test('a command waiting for + to send its literal holds back the next one', async () => {
  const lines: string[] = [];
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket, received }) => {
    lines.push(await nextLine());
    // NOOP was issued in the same turn as LOGIN, long before this line arrived: a client that
    // (wrongly) pipelines it has written it by now, and on the wire it would come before the literal.
    assert.equal(received().split('\r\n').length, 2, 'nothing more before +');
    socket.write('+ go\r\n');
    lines.push(await nextLine(), await nextLine());
    socket.write('M1 OK\r\nM2 OK\r\n');
  });
  const connection = await connect(port);
  await Promise.all([connection.run('LOGIN "joe" {2}', undefined, [Buffer.from('ü')]), connection.run('NOOP')]);
  assert.deepEqual(
    lines.map((l) => Buffer.from(l, 'latin1').toString('utf8')),
    ['M1 LOGIN "joe" {2}', 'ü', 'M2 NOOP'],
  );
});

test('commands answered in turn: each with its own untagged responses', async () => {
  const port = await fakeServer(
    '* OK [CAPABILITY IMAP4rev1] hi\r\n',
    answer({
      STATUS: '* STATUS "a" (MESSAGES 1)\r\n$TAG OK\r\n',
      SEARCH: '* SEARCH 1 2\r\n$TAG OK\r\n',
    }),
  );
  const connection = await connect(port);
  const seen: string[][] = [[], []];
  const collect = (i: number) => (r: UntaggedResponse) => void seen[i]!.push(r.kind === 'data' ? r.name : r.kind);
  await Promise.all([connection.run('STATUS "a" (MESSAGES)', collect(0)), connection.run('SEARCH ALL', collect(1))]);
  assert.deepEqual(seen, [['STATUS'], ['SEARCH']]);
});

test('untagged BYE and close: the pending command fails with the BYE text', async () => {
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    await nextLine();
    socket.end('* BYE [UNAVAILABLE] shutting down\r\n');
  });
  const connection = await connect(port);
  await assert.rejects(
    connection.run('NOOP'),
    (e: ImapConnectionError) =>
      e.code === 'EConnectionClosed' &&
      /closed the connection: BYE \[UNAVAILABLE\] shutting down/.test(e.message) &&
      e.responseText === 'BYE [UNAVAILABLE] shutting down',
  );
  assert.equal(connection.usable, false);
  await assert.rejects(connection.run('NOOP'), errorWith('EConnectionClosed'));
});

test('a server that never answers: ETIMEOUT', async () => {
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n');
  const connection = await connect(port, { timeoutMs: 100 });
  await assert.rejects(
    connection.run('NOOP'),
    (e: ImapConnectionError) => e instanceof ImapConnectionError && e.code === 'ETIMEOUT',
  );
  assert.equal(connection.usable, false);
});

test('an idle connection after the greeting does not time out; the next command is timed again', async () => {
  const port = await fakeServer('* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    socket.write(`${(await nextLine()).split(' ')[0]} OK\r\n`);
  });
  // A generous deadline for the answered NOOP; the idle wait is twice as long, and timers fire in
  // the order they are due however loaded the machine, so a wrongly armed idle timeout fires first.
  const connection = await connect(port, { timeoutMs: 1000 });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  assert.equal(connection.usable, true);
  assert.equal((await connection.run('NOOP')).status, 'OK');
  await assert.rejects(connection.run('NOOP'), errorWith('ETIMEOUT'));
});

test('a server that never greets: ETIMEOUT', async () => {
  const port = await fakeServer(undefined);
  await assert.rejects(connect(port, { timeoutMs: 100 }), errorWith('ETIMEOUT'));
});

test('a garbage reply: EPROTOCOL, and later commands are rejected at once', async () => {
  let linesAfter = 0;
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    await nextLine();
    socket.write('M1 MAYBE\r\n');
    await nextLine();
    linesAfter++;
  });
  const connection = await connect(port);
  await assert.rejects(
    connection.run('NOOP'),
    (e: Error) => e instanceof ImapProtocolError && /bad completion MAYBE/.test(e.message),
  );
  assert.equal(connection.usable, false);
  await assert.rejects(connection.run('NOOP'), (e: Error) => e instanceof ImapProtocolError);
  assert.equal(linesAfter, 0);
});

test('hostile replies fail the command and the connection, never the process', async () => {
  const replies: [string, RegExp][] = [
    ['$TAG OK\r\n$TAG OK again\r\n', /unexpected tag M1/],
    ['M9 OK done\r\n', /unexpected tag M9/],
    ['+ more please\r\n', /unexpected continuation/],
    ['* 1 FETCH (BODY[] {5000}\r\n', /5000-byte literal/],
    ['* 1 FETCH (X ' + '('.repeat(10_000) + ')\r\n', /nested deeper/],
    ['* 1 FETCH\r\n', /expected \(/],
  ];
  for (const [reply, message] of replies) {
    const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
      const tag = (await nextLine()).split(' ')[0]!;
      socket.write(reply.replaceAll('$TAG', tag));
    });
    const connection = await connect(port);
    // Reads each FETCH as the session does, so a broken one throws inside the socket's data callback.
    const readValues = (r: UntaggedResponse) => void (r.kind === 'data' && r.cursor.list());
    await assert.rejects(
      connection.run('NOOP', readValues).then(() => connection.run('NOOP')),
      (e: Error) => e instanceof ImapProtocolError && message.test(e.message),
      reply.slice(0, 30),
    );
    assert.equal(connection.usable, false);
  }
});

test('an error thrown while handling an untagged response rejects that command', async () => {
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', answer({ SEARCH: '* SEARCH 1\r\n$TAG OK\r\n' }));
  const connection = await connect(port);
  await assert.rejects(
    connection.run('SEARCH ALL', () => {
      throw new Error('cannot use this answer');
    }),
    /cannot use this answer/,
  );
  assert.equal(connection.usable, false);
});

test("LOGIN with a non-ASCII password: the literal goes only after the server's +", async () => {
  const password = Buffer.from('pässwörd', 'utf8');
  let literal = '';
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    const first = await nextLine();
    assert.equal(first, `M1 LOGIN "joe" {${password.length}}`);
    socket.write('+ go ahead\r\n');
    literal = await nextLine();
    socket.write('M1 OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n');
  });
  const connection = await connect(port);
  await connection.run(`LOGIN "joe" {${password.length}}`, undefined, [password]);
  assert.equal(Buffer.from(literal, 'latin1').toString('utf8'), 'pässwörd');
  assert.ok(connection.capabilities.has('IDLE'), 'capabilities from the tagged OK');
});

test('LOGIN literal refused: nothing of it is sent, and the next command is next on the wire', async () => {
  const lines: string[] = [];
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    lines.push(await nextLine());
    socket.write('M1 NO [AUTHENTICATIONFAILED] no literals here\r\n');
    lines.push(await nextLine());
    socket.write('M2 OK\r\n');
  });
  const connection = await connect(port);
  await assert.rejects(
    connection.run('LOGIN "joe" {5}', undefined, [Buffer.from('sécr')]),
    (e: ImapCommandError) => e.serverResponseCode === 'AUTHENTICATIONFAILED' && !e.message.includes('sécr'),
  );
  await connection.run('NOOP');
  assert.deepEqual(lines, ['M1 LOGIN "joe" {5}', 'M2 NOOP']);
});

test('literal placeholders: a {n} inside a quoted string is text, not a placeholder', async () => {
  const lines: string[] = [];
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    for (let tag = 1; tag <= 2; tag++) {
      lines.push(await nextLine());
      socket.write('+ go\r\n');
      lines.push(await nextLine());
      socket.write(`M${tag} OK\r\n`);
    }
  });
  const connection = await connect(port);
  await connection.run('LOGIN "jo{3}e \\"{2}\\"" {2}', undefined, [Buffer.from('ü')]);
  await connection.run('LOGIN {2} "pa{3}ss"', undefined, [Buffer.from('ö')]);
  assert.deepEqual(
    lines.map((l) => Buffer.from(l, 'latin1').toString('utf8')),
    ['M1 LOGIN "jo{3}e \\"{2}\\"" {2}', 'ü', 'M2 LOGIN {2}', 'ö "pa{3}ss"'],
  );
  // A mismatch is a programming error; its message names the command, never its arguments.
  assert.throws(
    () => connection.run('LOGIN "joe" "se{3}cret"', undefined, [Buffer.from('x')]),
    (e: Error) => /^LOGIN "joe": 0 literal placeholders for 1 literals$/.test(e.message),
  );
});

test('STARTTLS asked but not offered: refused before any login', async () => {
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] hi\r\n');
  await assert.rejects(
    connect(port, { security: 'starttls' }),
    errorWith('STARTTLS_MISSING', /does not offer STARTTLS/),
  );
});

test('a UID check pipelined behind the FETCH of a body hears its rows when the server answers both together', async () => {
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    const tags = [];
    for (let i = 0; i < 3; i++) tags.push((await nextLine()).split(' ')[0]);
    // As Dovecot runs two FETCHes of one message: both rows come before either's OK.
    socket.write('* 1 FETCH (UID 7 BODY[] {3}\r\nabc)\r\n* 1 FETCH (UID 7)\r\n* 2 FETCH (UID 8 BODY[] {2}\r\nxy)\r\n');
    socket.write(tags.map((tag) => `${tag} OK done\r\n`).join(''));
  });
  const connection = await connect(port);
  const bodies = uidFetch(connection, '7:8', 'BODY.PEEK[]', { asked: [7, 8] });
  const there = uidsStillThere(connection, [7, 8]);
  assert.deepEqual(
    (await bodies).map((row) => [row.uid, row.sections.get('BODY[]')?.toString()]),
    [
      [7, 'abc'],
      [8, 'xy'],
    ],
  );
  // UID 7 answered, in the older FETCH's turn; UID 8 only under a body, which proves nothing.
  assert.deepEqual([...(await there)], [7]);
});

test('LOGOUT at rest is sent and the socket ended without waiting for the answer', async () => {
  let logout = '';
  let ended!: () => void;
  const endSeen = new Promise<void>((resolve) => (ended = resolve));
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    socket.on('end', ended);
    logout = await nextLine(); // never answered
  });
  const connection = await connect(port);
  const started = performance.now();
  await connection.logout();
  assert.ok(performance.now() - started < 1000, 'logout waited for an answer');
  await endSeen;
  assert.equal(logout, 'M1 LOGOUT');
  assert.equal(connection.usable, false);
});

test('LOGOUT asked twice at once (a watch stopped while its loop closes too) is sent once', async () => {
  const lines: string[] = [];
  let ended!: () => void;
  const endSeen = new Promise<void>((resolve) => (ended = resolve));
  const port = await fakeServer('* OK [CAPABILITY IMAP4rev1] hi\r\n', async ({ nextLine, socket }) => {
    socket.on('end', ended);
    for (;;) lines.push(await nextLine());
  });
  const connection = await connect(port);
  await Promise.all([connection.logout(), connection.logout()]);
  await connection.logout();
  await endSeen;
  assert.deepEqual(lines, ['M1 LOGOUT']);
});

test('LOGOUT behind a command in flight waits for the answers', async () => {
  const port = await fakeServer(
    '* OK [CAPABILITY IMAP4rev1] hi\r\n',
    answer({ NOOP: '$TAG OK done\r\n', LOGOUT: '* BYE bye\r\n$TAG OK bye\r\n' }),
  );
  const connection = await connect(port);
  const noop = connection.run('NOOP');
  await connection.logout();
  assert.deepEqual(await noop, { status: 'OK', text: 'done' });
});
