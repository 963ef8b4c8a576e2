// Across a network line (the bench's link relay in front of Dovecot, counting round trips and the
// bytes on the wire): a first pass of many folders starts downloading after a fixed number of
// round trips, not one per folder (LIST-STATUS), then costs two per folder, and COMPRESS is used
// across the line but not straight to the server on this machine. Counts, never times.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector, RemoteSession } from '../../src/engine/remote.js';
import { startLinkRelay, type LinkRelay } from '../bench/link-relay.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import type { Corpus } from '../support/corpus.js';
import { loadCorpus } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true, compress: true });
const FOLDERS = Array.from({ length: 40 }, (_, i) => `Folder${String(i).padStart(2, '0')}`);
/** Text that deflates well, as most mail does. */
const message = (folder: string, i: number) =>
  Buffer.from(
    `From: a@example.org\r\nSubject: ${folder} ${i}\r\nMessage-ID: <${folder}.${i}@example.org>\r\n\r\n` +
      'A line of an ordinary letter, much like the one before it.\r\n'.repeat(200),
  );
let relay: LinkRelay | undefined;
let messageBytes = 0;

/** The folders on the server and the relay in front of it (once Dovecot runs: in the first test). */
async function setUp(): Promise<LinkRelay> {
  if (relay !== undefined) return relay;
  const mail: Corpus = {
    folders: FOLDERS.map((name) => ({
      name,
      messages: [0, 1].map((i) => ({ raw: message(name, i), flags: [], internalDate: new Date(1_700_000_000_000) })),
    })),
  };
  messageBytes = mail.folders.flatMap((f) => f.messages).reduce((sum, m) => sum + m.raw.length, 0);
  await loadCorpus(corpus.server, mail);
  relay = await startLinkRelay({
    targetPort: corpus.server.imapsPort,
    profile: { name: '30ms/1000mbit', rttMs: 30, mbitPerSecond: 1000 },
  });
  return relay;
}
after(() => relay?.close());

/** Sessions that note the relay's round trips when the first body FETCH is sent, and how they compress. */
function watchingConnector(
  relay: LinkRelay,
  seen: { roundTripsBeforeFirstFetch?: number; transports: string[] },
): RemoteConnector {
  return async (config) => {
    const session = await connectImap(config);
    seen.transports.push(session.transport ?? '');
    const watched: RemoteSession = {
      ...session,
      fetchBodies: (uids, firstBytes) => {
        seen.roundTripsBeforeFirstFetch ??= relay.counts().roundTrips;
        return session.fetchBodies(uids, firstBytes);
      },
    };
    return watched;
  };
}

test('a first pass of 40 folders across the line: the first download after a few round trips, compressed', async () => {
  const relay = await setUp();
  const account = await corpus.account({ port: relay.port, concurrency: 1 });
  relay.resetCounts();
  const seen: { roundTripsBeforeFirstFetch?: number; transports: string[] } = { transports: [] };
  const { summary } = await runPass(account, { connect: watchingConnector(relay, seen) });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 2 * FOLDERS.length);
  // TCP, TLS, greeting, login, COMPRESS (ID pipelined), LIST-STATUS, EXAMINE, the UID listing.
  assert.ok(seen.roundTripsBeforeFirstFetch! <= 9, `${seen.roundTripsBeforeFirstFetch} round trips`);
  assert.match(seen.transports[0]!, /^COMPRESS=DEFLATE on \(a loopback tunnel, answered in \d+ ms;/);
  const counts = relay.counts();
  assert.equal(counts.connections, 1);
  assert.ok(counts.bytesDown * 5 < messageBytes, `${counts.bytesDown} bytes on the wire for ${messageBytes}`);
  await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS.slice(0, 2) });
});

test('one connection across the line, a first pass costs two round trips per folder: its EXAMINE follows the last FETCH of the one before', async () => {
  const relay = await setUp();
  const account = await corpus.account({ port: relay.port, concurrency: 1 });
  relay.resetCounts();
  const { summary } = await runPass(account);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 2 * FOLDERS.length);
  // Each folder: its listing, then its bodies with the next folder's EXAMINE sent behind them
  // (without that, three: EXAMINE, listing, bodies); plus the handshake and LIST-STATUS.
  const { roundTrips } = relay.counts();
  assert.ok(roundTrips <= 2 * FOLDERS.length + 10, `${roundTrips} round trips for ${FOLDERS.length} folders`);
  await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });
});

test('straight to the server on this machine, COMPRESS is left off; --no-compress keeps it off across the line', async () => {
  const relay = await setUp();
  const seen = { transports: [] as string[] };
  const direct = await corpus.account({ concurrency: 1, patterns: ['Folder00'] });
  assert.equal((await runPass(direct, { connect: watchingConnector(relay, seen) })).summary.exitCode, 0);
  assert.match(seen.transports[0]!, /^COMPRESS off: the server is on this machine \(loopback, answered in \d+ ms;/);
  const across = await corpus.account({ port: relay.port, concurrency: 1, patterns: ['Folder00'], compress: false });
  relay.resetCounts();
  assert.equal((await runPass(across, { connect: watchingConnector(relay, seen) })).summary.exitCode, 0);
  assert.equal(seen.transports[1], 'COMPRESS off (compress: false or --no-compress)');
  assert.ok(relay.counts().bytesDown > 2 * message('Folder00', 0).length, 'the messages went uncompressed');
});
