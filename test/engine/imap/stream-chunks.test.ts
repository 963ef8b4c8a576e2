// A streamed body keeps the next chunk asked for while the current one comes in (no round trip of
// an empty line between chunks), and holds no more than that one chunk ahead.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { connectImap } from '../../../src/engine/imap/connect.js';
import type { RemoteSession } from '../../../src/engine/remote.js';
import { startFakeImap } from '../../support/fake-imap.js';
import type { FakeMailbox } from '../../support/fake-imap-types.js';
import { scriptedAccount } from '../../support/scripted-account.js';
import type { ScriptedServer } from '../../support/scripted-server.js';
import { waitUntil } from '../../support/wait-until.js';

const MB = 1024 * 1024;
const servers: ScriptedServer[] = [];
const sessions: RemoteSession[] = [];
after(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  for (const server of servers) await server.close();
});

async function streamed(body: Buffer, announcedSize?: number, fetchesTogether = false) {
  const inbox: FakeMailbox = {
    listed: 'INBOX',
    name: 'INBOX',
    uidValidity: 7,
    messages: [{ uid: 9, flags: [], body, ...(announcedSize !== undefined ? { announcedSize } : {}) }],
  };
  const profile = {
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
    capabilities: 'IMAP4rev1',
    delimiter: '/',
    fetchesTogether,
  };
  const server = await startFakeImap(profile, [inbox]);
  servers.push(server);
  const session = await connectImap(scriptedAccount(server.port));
  sessions.push(session);
  const [listed] = await session.list();
  await session.examine(listed!);
  return { server, session, listed: listed!, message: await session.streamBody(9) };
}

const chunkAsks = (server: ScriptedServer) => server.commands.filter((c) => /BODY\.PEEK\[\]</.test(c)).length;

test('while a chunk is read, the next one is already asked for, and only that one', async () => {
  const body = Buffer.alloc(3.5 * MB, 'y');
  const { server, session, listed, message } = await streamed(body);
  const reader = (message.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = (await reader.next()).value as Buffer;
  assert.equal(first.length, MB);
  // The reader holds the first chunk and asks for nothing more: the second is on its way anyway.
  await waitUntil(
    () => chunkAsks(server) >= 2,
    () => `the second chunk was never asked for:\n${server.commands.join('\n')}`,
  );
  // What the client sends once the second chunk has come goes out before a command sent after the
  // answer to one sent now (the answers come in order), so by the answer to that second command,
  // a third ask would have reached the server.
  await session.status(listed);
  await session.status(listed);
  assert.equal(chunkAsks(server), 2, server.commands.join('\n'));
  let length = first.length;
  for (let next = await reader.next(); next.done !== true; next = await reader.next()) length += next.value.length;
  assert.equal(length, body.length);
  assert.equal(chunkAsks(server), 4, 'no chunk asked for past the announced size');
});

test('an RFC822.SIZE that over-reports: the chunks asked for past the end are answered before the stream ends', async () => {
  const body = Buffer.alloc(MB, 'z');
  const { server, session, message } = await streamed(body, 3 * MB);
  let length = 0;
  for await (const chunk of message.body as AsyncIterable<Buffer>) length += chunk.length;
  assert.equal(length, MB);
  // A full first chunk, then the empty one that ends the stream, with the one asked for after it.
  assert.equal(chunkAsks(server), 3);
  const asked = server.commands.length;
  const [again] = await session.fetchBodies([9]);
  assert.equal(server.commands.length, asked + 1, 'nothing of the stream was still on its way');
  assert.equal((again?.body as Buffer).length, MB);
});

test('a server that answers both chunk FETCHes before either OK (as Dovecot does): each chunk is read by its offset', async () => {
  const body = Buffer.from(Array.from({ length: 3.2 * MB }, (_, i) => i % 251));
  const { message } = await streamed(body, undefined, true);
  const read: Buffer[] = [];
  for await (const chunk of message.body as AsyncIterable<Buffer>) read.push(chunk);
  assert.ok(Buffer.concat(read).equals(body));
});
