// A stop (^C, SIGTERM, quitting the app) while a connection is still being made: the connect ends at
// once and the pass ends without a failure, where it waited for the server until the Timeout. So
// does `mailkeep restore`'s.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { RestoreEvent } from '../../src/engine/restore-events.js';
import { runRestore } from '../../src/engine/restore-run.js';
import { useFakeAccounts } from '../support/fake-imap-account.js';
import { scriptedAccount } from '../support/scripted-account.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';

const accountOn = useFakeAccounts();

/** A server that takes connections and never says a word; resolves `reached` at the first one. */
async function silentServer(): Promise<ScriptedServer & { reached: Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let reachedNow!: () => void;
  const reached = new Promise<void>((resolve) => (reachedNow = resolve));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    reachedNow();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { port: (server.address() as AddressInfo).port, commands: [], close, reached };
}

/** Stops the engine once `reached` resolves; the milliseconds the stop took and the pass's events. */
async function stopWhen(server: ScriptedServer, reached: Promise<void>) {
  const engine = createEngine({ accounts: [await accountOn(server, { timeoutSeconds: 60 })] });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  const summary = engine.whenIdle();
  engine.resync(undefined);
  await reached;
  const started = Date.now();
  await engine.stop();
  return { ms: Date.now() - started, summary: await summary, events };
}

test('stopped while waiting for the greeting: the pass ends at once, with no failure', async () => {
  const server = await silentServer();
  const { ms, summary, events } = await stopWhen(server, server.reached);
  assert.ok(ms < 5000, `the stop took ${ms} ms (Timeout 60 s)`);
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(
    events.filter((e) => e.type === 'error'),
    [],
  );
});

test('stopped while the server sits on the login: the pass ends at once, with no failure', async () => {
  let loggingIn!: () => void;
  const reached = new Promise<void>((resolve) => (loggingIn = resolve));
  const server = await startScriptedServer('* OK [CAPABILITY IMAP4rev1] ready', (command) => {
    if (command.verb === 'LOGIN' || command.verb === 'AUTHENTICATE') loggingIn();
    // Never answered.
  });
  const { ms, summary, events } = await stopWhen(server, reached);
  assert.ok(ms < 5000, `the stop took ${ms} ms (Timeout 60 s)`);
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(
    events.filter((e) => e.type === 'error'),
    [],
  );
});

test('restore stopped while waiting for the greeting: it ends at once, told as stopped (exit 1)', async (t) => {
  const server = await silentServer();
  const source = await mkdtemp(join(tmpdir(), 'mailkeep-stop-restore-'));
  t.after(async () => {
    await server.close();
    await rm(source, { recursive: true, force: true });
  });
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(source, sub), { recursive: true });
  await writeFile(join(source, 'cur', '1.a:2,S'), 'Subject: one\r\n\r\none\r\n');
  const stop = new AbortController();
  const events: RestoreEvent[] = [];
  const run = runRestore({
    account: scriptedAccount(server.port, { timeoutSeconds: 60 }),
    source,
    dryRun: false,
    stop: stop.signal,
    emit: (e) => events.push(e),
  });
  await server.reached;
  const started = Date.now();
  stop.abort();
  const summary = await run;
  const ms = Date.now() - started;
  assert.ok(ms < 5000, `the stop took ${ms} ms (Timeout 60 s)`);
  assert.equal(summary.exitCode, 1);
  assert.deepEqual(
    events.flatMap((e) => (e.type === 'error' ? [e.error.code] : [])),
    ['STOPPED'],
  );
});
