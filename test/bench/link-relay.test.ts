import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { LineDirection, TurnCounter, lineLimitSeconds, parseLinkProfile, type LinkProfile } from './link-line.js';
import { startLinkRelay } from './link-relay.js';

/** 8 Mbit/s: one byte per microsecond, 1000 bytes per millisecond. */
const profile: LinkProfile = { name: '10ms/8mbit', rttMs: 10, mbitPerSecond: 8 };

test('parseLinkProfile: round trip and rate; anything else is refused, naming it', () => {
  assert.deepEqual(parseLinkProfile('40ms/50mbit'), { name: '40ms/50mbit', rttMs: 40, mbitPerSecond: 50 });
  assert.deepEqual(parseLinkProfile('150MS/20Mbit'), { name: '150ms/20mbit', rttMs: 150, mbitPerSecond: 20 });
  for (const bad of ['40ms', '40/50', 'fast', '40ms/0mbit'])
    assert.throws(() => parseLinkProfile(bad), new RegExp(`not '${bad}'`));
});

test('LineDirection: pieces are serialized one after another at the rate, each arriving half a round trip after it left', () => {
  const line = new LineDirection(profile);
  assert.equal(line.send(1000, 0), 1 + 5);
  assert.equal(line.send(1000, 0), 2 + 5, 'waits behind the first');
  assert.equal(line.send(500, 1.5), 2.5 + 5, 'sent while the line is busy');
  assert.equal(line.send(1000, 100), 101 + 5, 'an idle line starts at once');
});

test('LineDirection: the buffer holds one bandwidth × delay product; a full line says when it has room', () => {
  const line = new LineDirection(profile);
  assert.equal(line.bufferBytes, 64 * 1024, 'at least 64 KB');
  line.send(100_000, 0);
  assert.equal(line.backlog(0), 100_000);
  assert.equal(line.backlog(40), 60_000);
  assert.ok(line.full(0));
  assert.ok(!line.full(40));
  assert.equal(line.roomAt(), 100 - 65.536);
  const fast = new LineDirection({ name: '', rttMs: 150, mbitPerSecond: 20 });
  assert.equal(fast.bufferBytes, 375_000);
});

test('LineDirection: idle time counts the gaps between pieces once a transfer started, not before it', () => {
  const line = new LineDirection(profile);
  line.send(1000, 50);
  assert.equal(line.idleMs(), 0, 'the time before the first piece is not idle');
  line.send(1000, 51);
  line.send(1000, 51.5);
  assert.equal(line.idleMs(), 0, 'sent while the line was busy');
  line.send(1000, 60);
  assert.equal(line.idleMs(), 60 - 53);
  line.resetIdle();
  line.send(1000, 100);
  assert.equal(line.idleMs(), 0);
});

test('TurnCounter: a request after its answer arrived is a round trip; one pipelined behind a streaming answer is not', () => {
  const turns = new TurnCounter();
  turns.clientSent(0);
  turns.serverSent();
  turns.serverSent();
  assert.equal(turns.turns, 1, 'one answer in several bursts');
  turns.clientSent(0);
  turns.clientSent(0);
  turns.serverSent();
  assert.equal(turns.turns, 2, 'two commands sent together, one turn');
  turns.clientSent(5000);
  turns.serverSent();
  assert.equal(turns.turns, 2, 'sent while the answer was still on its way');
});

test('lineLimitSeconds: the busier direction at the rate plus the handshake and the first command', () => {
  assert.equal(lineLimitSeconds(profile, { up: 1000, down: 1_000_000 }), (1000 + 5 * 10) / 1000);
});

/** A server that answers each line it reads with `reply(line)`. */
async function lineServer(reply: (line: string) => Buffer, received: Buffer[]) {
  const server = createServer((socket) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      text += chunk.toString('latin1');
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n')) {
        socket.write(reply(text.slice(0, i)));
        text = text.slice(i + 1);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

function readBytes(socket: Socket, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let have = 0;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have < count) return;
      socket.off('data', onData);
      resolve(Buffer.concat(chunks));
    };
    socket.on('data', onData);
  });
}

test('the relay passes bytes on untouched both ways and counts them, the connection and the round trips', async () => {
  const answer = randomBytes(300_000);
  const received: Buffer[] = [];
  const { server, port } = await lineServer(() => answer, received);
  const relay = await startLinkRelay({ targetPort: port, profile: { name: '', rttMs: 2, mbitPerSecond: 1000 } });
  try {
    const client = connect({ host: '127.0.0.1', port: relay.port });
    const request = Buffer.concat([randomBytes(200_000).map((b) => (b === 10 ? 11 : b)), Buffer.from('\n')]);
    client.write(request);
    assert.ok((await readBytes(client, answer.length)).equals(answer));
    assert.ok(Buffer.concat(received).equals(request));
    client.write('a\nb\n');
    assert.ok((await readBytes(client, 2 * answer.length)).equals(Buffer.concat([answer, answer])));
    const { idleDownMs, ...counts } = relay.counts();
    assert.deepEqual(counts, {
      connections: 1,
      roundTrips: 2,
      bytesUp: request.length + 4,
      bytesDown: 3 * answer.length,
    });
    assert.ok(idleDownMs >= 2, `the line stood empty while the second request crossed it (${idleDownMs} ms)`);
    relay.resetCounts();
    assert.deepEqual(relay.counts(), { connections: 0, roundTrips: 0, bytesUp: 0, bytesDown: 0, idleDownMs: 0 });
    client.destroy();
  } finally {
    await relay.close();
    server.close();
  }
});

test('what a client sent before it closed still reaches the server, as across a real line', async () => {
  const received: Buffer[] = [];
  const { server, port } = await lineServer(() => Buffer.from('bye\n'), received);
  const relay = await startLinkRelay({ targetPort: port, profile: { name: '', rttMs: 40, mbitPerSecond: 1000 } });
  try {
    const client = connect({ host: '127.0.0.1', port: relay.port });
    client.write('hello\n');
    await readBytes(client, 4);
    client.end('LOGOUT\n'); // closed at once, the command half a round trip from the server
    await new Promise((resolve) => client.once('close', resolve));
    for (let i = 0; i < 50 && !Buffer.concat(received).toString().includes('LOGOUT'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(Buffer.concat(received).toString(), 'hello\nLOGOUT\n');
  } finally {
    await relay.close();
    server.close();
  }
});
