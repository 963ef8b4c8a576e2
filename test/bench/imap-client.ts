// `npm run bench:imap`: our IMAP client against imapflow on this machine — parse throughput of the
// framer + parser (MB/s of CPU), client CPU per command against a private Dovecot, and the round
// trips a QRESYNC pass over 10 changed mailboxes needs with and without pipelining (through a
// relay that adds 25 ms each way). Prints a small markdown table for the README.
import net, { type AddressInfo } from 'node:net';
import { ImapFlow } from 'imapflow';
import parser from 'imapflow/lib/handler/imap-parser.js';
import { ImapStream } from 'imapflow/lib/handler/imap-stream.js';
import type { AccountConfig } from '../../src/config/types.js';
import { readFetchAttributes } from '../../src/engine/imap/fetch-response.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import { ResponseFramer } from '../../src/engine/imap/response-framer.js';
import { parseResponse } from '../../src/engine/imap/response-parser.js';
import type { RemoteMailbox } from '../../src/engine/remote.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { scriptedAccount } from '../support/scripted-account.js';
import { appendMessage, createFolder } from '../support/server-mail.js';

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A server's answer to a first pass: a 20,000-message listing, then 2,000 bodies of ~8 KB. */
function sampleStream(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 1; i <= 20_000; i++)
    parts.push(Buffer.from(`* ${i} FETCH (UID ${i} FLAGS (\\Seen $Forwarded) RFC822.SIZE ${4000 + i})\r\n`));
  const body = Buffer.from(`Subject: x\r\n\r\n${'lorem ipsum dolor sit amet '.repeat(300)}\r\n`);
  for (let i = 1; i <= 2000; i++) {
    parts.push(
      Buffer.from(
        `* ${i} FETCH (UID ${i} FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE ${body.length} BODY[] {${body.length}}\r\n`,
      ),
      body,
      Buffer.from(')\r\n'),
    );
  }
  parts.push(Buffer.from('M9 OK FETCH completed\r\n'));
  return Buffer.concat(parts);
}

function chunks(data: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out;
}

function parseOurs(data: Buffer[]): number {
  let fetched = 0;
  const framer = new ResponseFramer({ maxLineBytes: 32 << 20, maxLiteralBytes: 16 << 20 }, (frame) => {
    const r = parseResponse(frame);
    if (r.kind === 'data' && r.name === 'FETCH') fetched += readFetchAttributes(r.cursor).uid! > 0 ? 1 : 0;
  });
  for (const chunk of data) framer.push(chunk);
  return fetched;
}

async function parseImapflow(data: Buffer[]): Promise<number> {
  const stream = new ImapStream({ logger: false });
  const items: { payload: Buffer; literals: Buffer[] }[] = [];
  stream.on('data', (item: { payload: Buffer; literals: Buffer[]; next?: () => void }) => {
    items.push(item);
    item.next?.();
  });
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const chunk of data) stream.write(chunk);
  stream.end();
  await ended;
  let fetched = 0;
  for (const item of items) if ((await parser(item.payload, { literals: item.literals })).command !== 'OK') fetched++;
  return fetched;
}

async function throughput(name: string, run: () => unknown, bytes: number, rounds = 5): Promise<number> {
  await run(); // warm-up
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = cpuMs();
    await run();
    best = Math.min(best, cpuMs() - start);
  }
  const rate = bytes / 1e6 / (best / 1000);
  console.error(`${name}: ${rate.toFixed(0)} MB/s (${best.toFixed(0)} ms CPU for ${(bytes / 1e6).toFixed(1)} MB)`);
  return rate;
}

function account(server: DovecotServer, port: number): AccountConfig {
  return scriptedAccount(port, {
    user: server.user.user,
    password: { kind: 'plain', password: server.user.password },
    timeoutSeconds: 60,
  });
}

function flow(server: DovecotServer, port: number): ImapFlow {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: false,
    logger: false,
    disableAutoIdle: true,
    auth: { user: server.user.user, pass: server.user.password },
    qresync: true,
  });
  c.on('error', () => undefined);
  return c;
}

/** Client CPU per UID FETCH of one message's flags and size, `n` commands one after the other. */
async function cpuPerCommand(server: DovecotServer, n = 1000): Promise<{ ours: number; imapflow: number }> {
  const session = await connectImap(account(server, server.imapPort));
  const inbox = (await session.list()).find((m) => m.name === 'INBOX')!;
  await session.examine(inbox);
  for (let i = 0; i < 50; i++) await session.fetchUidsAndFlags('1');
  let start = cpuMs();
  for (let i = 0; i < n; i++) await session.fetchUidsAndFlags('1');
  const ours = (cpuMs() - start) / n;
  await session.close();
  const client = flow(server, server.imapPort);
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  for (let i = 0; i < 50; i++) await client.fetchOne('1', { uid: true, flags: true, size: true }, { uid: true });
  start = cpuMs();
  for (let i = 0; i < n; i++) await client.fetchOne('1', { uid: true, flags: true, size: true }, { uid: true });
  const imapflow = (cpuMs() - start) / n;
  await client.logout();
  return { ours, imapflow };
}

/** A relay that holds every chunk `delayMs` in each direction (a far server). */
async function slowRelay(target: number, delayMs: number): Promise<{ port: number; close: () => void }> {
  const relay = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    client.on('data', (d: Buffer) => setTimeout(() => upstream.write(d), delayMs));
    upstream.on('data', (d: Buffer) => setTimeout(() => client.write(d), delayMs));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return { port: (relay.address() as AddressInfo).port, close: () => relay.close() };
}

/** Round trips to examine 10 changed mailboxes over QRESYNC and fetch their 2 new messages each. */
async function roundTrips(
  server: DovecotServer,
  folders: string[],
  delayMs = 25,
): Promise<{ ours: number; imapflow: number }> {
  const relay = await slowRelay(server.imapPort, delayMs);
  const rtt = 2 * delayMs;
  try {
    const session = await connectImap(account(server, relay.port));
    const listed = (await session.list()).filter((m) => folders.includes(m.name));
    const start = performance.now();
    // As the engine does: each EXAMINE (with the arrivals' FETCH behind it) goes out once the previous one is sent.
    const passes: Promise<unknown>[] = [];
    await listed.reduce<Promise<void>>(
      (sent, mailbox: RemoteMailbox) =>
        sent.then(
          () =>
            new Promise<void>((resolve) => {
              const status = mailbox.status!;
              passes.push(
                session.examine(
                  mailbox,
                  { uidValidity: status.uidValidity, modSeq: status.highestModSeq! - 2 },
                  { uids: [status.uidNext - 2, status.uidNext - 1], firstBytes: 1 << 20 },
                  resolve,
                ),
              );
            }),
        ),
      Promise.resolve(),
    );
    await Promise.all(passes);
    const ours = (performance.now() - start) / rtt;
    await session.close();
    const client = flow(server, relay.port);
    await client.connect();
    const list = await client.list({ statusQuery: { uidNext: true, uidValidity: true, highestModseq: true } });
    const begin = performance.now();
    for (const name of folders) {
      const status = list.find((m) => m.path === name)!.status!;
      await client.mailboxOpen(name, {
        readOnly: true,
        qresync: { uidValidity: status.uidValidity!, changedSince: status.highestModseq! - 2n },
      } as never);
      for await (const message of client.fetch(
        `${Number(status.uidNext) - 2}:*`,
        { uid: true, flags: true, source: true },
        { uid: true },
      ))
        void message;
    }
    const imapflow = (performance.now() - begin) / rtt;
    await client.logout();
    return { ours, imapflow };
  } finally {
    relay.close();
  }
}

const data = sampleStream();
const pieces = chunks(data);
const oursRate = await throughput('ours', () => parseOurs(pieces), data.length);
const flowRate = await throughput('imapflow', () => parseImapflow(pieces), data.length);
const server = await startDovecot();
try {
  const folders = Array.from({ length: 10 }, (_, i) => `Box${i}`);
  for (const folder of folders) {
    await createFolder(server, folder);
    for (let i = 0; i < 3; i++)
      await appendMessage(server, folder, Buffer.from(`Subject: ${folder} ${i}\r\n\r\nbody\r\n`));
  }
  await appendMessage(server, 'INBOX', Buffer.from('Subject: one\r\n\r\nbody\r\n'));
  const cpu = await cpuPerCommand(server);
  const trips = await roundTrips(server, folders);
  console.log('| measure | ours | imapflow |\n| --- | --- | --- |');
  console.log(`| parse (framer + parser), MB/s of CPU | ${oursRate.toFixed(0)} | ${flowRate.toFixed(0)} |`);
  console.log(
    `| client CPU per command (UID FETCH of one message's flags) | ${cpu.ours.toFixed(3)} ms | ${cpu.imapflow.toFixed(3)} ms |`,
  );
  console.log(
    `| round trips for 10 changed mailboxes (QRESYNC EXAMINE + new mail) | ${trips.ours.toFixed(1)} | ${trips.imapflow.toFixed(1)} |`,
  );
} finally {
  await server.stop();
}
