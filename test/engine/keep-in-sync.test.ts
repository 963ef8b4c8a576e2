// Keeping in sync against the private Dovecot, through the fault proxy (which counts commands):
// IDLE on INBOX brings new mail without polling and is re-issued; a cut during IDLE reconnects and
// misses nothing, and cuts again and again back off; a server without IDLE gets timed passes only,
// said once; a clock jump syncs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { createEngine, type EngineOptions } from '../../src/engine/engine.js';
import type { EngineEvent, SyncEngine } from '../../src/engine/events.js';
import type { KeepInSyncOptions } from '../../src/engine/keep-in-sync.js';
import { localMessages } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, createFolder, testMessage } from '../support/server-mail.js';
import { waitUntil } from '../support/wait-until.js';

const corpus = useCorpusServer({ empty: true, proxy: true });

interface Kept {
  engine: SyncEngine;
  events: EngineEvent[];
  account: AccountConfig;
}

/** An engine on a new account behind the proxy, its first pass done, then kept in sync. */
async function keptInSync(
  t: { after: (fn: () => Promise<void>) => void },
  keep: KeepInSyncOptions,
  options: Partial<EngineOptions> = {},
): Promise<Kept> {
  const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port);
  const engine = createEngine({ accounts: [account], backoffBaseMs: 200, random: () => 0, ...options });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  t.after(() => engine.stop());
  const first = engine.whenIdle();
  engine.resync();
  assert.equal((await first).exitCode, 0);
  engine.keepInSync(keep);
  return { engine, events, account };
}

const inboxUids = async (account: AccountConfig) => (await localMessages(account, 'INBOX')).map((m) => m.uid);
const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
const idleStates = (events: EngineEvent[]) => of(events, 'idle').map((e) => e.state);

describe('keeping in sync', () => {
  test('new mail during IDLE is stored within seconds; IDLE is re-issued and nothing polls', async (t) => {
    const { events, account } = await keptInSync(t, { everyMs: 0, reissueIdleMs: 300 });
    await waitUntil(
      () => idleStates(events).includes('watching'),
      () => 'never idling',
    );
    const uid = await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 1));
    await waitUntil(
      async () => (await inboxUids(account)).includes(uid),
      () => `message ${uid} not stored; events: ${JSON.stringify(events.slice(-5))}`,
    );
    const inboxPass = of(events, 'pass-start').at(-1)!;
    assert.deepEqual(inboxPass.targets, [{ account: 'test', mailbox: 'INBOX' }]);

    await waitUntil(
      () => events.at(-1)?.type === 'summary' || of(events, 'summary').length >= 2,
      () => 'INBOX pass never ended',
    );
    const from = corpus.proxy.commands.length;
    const sinceEnd = () => corpus.proxy.commands.slice(from).map((c) => c.text.replace(/^\S+ /, '').trim());
    // Two re-issues (every 300 ms) are the window watched, however long a loaded machine takes for them.
    const since = await waitUntil(
      () => sinceEnd().length >= 2 && sinceEnd(),
      () => `IDLE not re-issued twice: ${sinceEnd().join(', ')}`,
    );
    assert.deepEqual([...new Set(since)], ['IDLE'], 'only IDLE while nothing changes');
  });

  test('with NOTIFY (Dovecot has it), new mail in another mailbox is stored within seconds too', async (t) => {
    await createFolder(corpus.server, 'Archive');
    const { events, account } = await keptInSync(t, { everyMs: 0 });
    await waitUntil(
      () => of(events, 'idle').some((e) => e.state === 'watching' && e.allMailboxes === true),
      () => `no NOTIFY: ${JSON.stringify(of(events, 'idle'))}`,
    );
    const uid = await appendMessage(corpus.server, 'Archive', testMessage('Archive', 1));
    await waitUntil(
      async () => (await localMessages(account, 'Archive')).some((m) => m.uid === uid),
      () => `message ${uid} of Archive not stored`,
    );
    assert.deepEqual(of(events, 'pass-start').at(-1)!.targets, [{ account: 'test' }]);
  });

  test('a cut during IDLE: the watch reconnects and the mail that came meanwhile is stored', async (t) => {
    // The next IDLE's `+` never arrives: the connection is cut there.
    corpus.proxy.cutAfterBytes(0, { whenCommand: /^\S+ IDLE/ });
    let arrived: Promise<number> | undefined;
    const { engine, events, account } = await keptInSync(t, { everyMs: 0, reissueIdleMs: 60_000 });
    // Mail delivered while the watch is down: no IDLE announces it, only the catch-up pass finds it.
    engine.subscribe((event) => {
      if (event.type === 'idle' && event.state === 'reconnecting' && arrived === undefined)
        arrived = appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 2));
    });
    await waitUntil(
      () => idleStates(events).filter((state) => state === 'watching').length >= 2 && arrived,
      () => `no reconnect: ${JSON.stringify(idleStates(events))}`,
    );
    const uid = await arrived!;
    await waitUntil(
      async () => (await inboxUids(account)).includes(uid),
      () => `message ${uid} missed; ${JSON.stringify(idleStates(events))}`,
    );
    assert.deepEqual(idleStates(events).slice(0, 3), ['watching', 'reconnecting', 'watching']);
  });

  test('IDLE cut again and again just after it began: the reconnects back off, not one every second', async (t) => {
    // Each of the next five IDLEs is cut 50 ms after it is sent, once it is watching.
    corpus.proxy.cutAfterMs(50, { whenCommand: /^\S+ IDLE/, connections: 5 });
    const { events } = await keptInSync(t, { everyMs: 0, reissueIdleMs: 60_000 });
    const idles = () => of(events, 'idle');
    await waitUntil(
      () => idles().filter((e) => e.state === 'watching').length >= 6,
      () => `reconnects: ${JSON.stringify(idles().map((e) => e.state))}`,
      { timeoutMs: 20_000 },
    );
    // Backoff base 200 ms, no jitter: waits of 100, 200, 400, 800 and 1,600 ms, where each was 100.
    const waits = idles().flatMap((e, i, all) =>
      e.state === 'reconnecting' && all[i + 1]?.state === 'watching' ? [all[i + 1]!.at - e.at] : [],
    );
    assert.equal(waits.length, 5, JSON.stringify(idles().map((e) => e.state)));
    assert.ok(waits[4]! >= 1_600 && waits[3]! >= 800, `waits ${waits.join(', ')} ms`);
  });

  test('a server repeating EXISTS and FETCH during IDLE: a repeated size starts no pass, flags start paced ones', async (t) => {
    await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 3));
    // On the first IDLE: its size again every 20 ms; on the next (re-issued after 300 ms): a flag change every 20 ms.
    corpus.proxy.injectUntagged('1 EXISTS', { whenCommand: /^\S+ IDLE\b/, everyMs: 20 });
    const { events } = await keptInSync(t, { everyMs: 0, reissueIdleMs: 300, idleGapMs: 1000 });
    await waitUntil(
      () => idleStates(events).includes('watching'),
      () => 'never idling',
    );
    const watching = of(events, 'pass-start').length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(of(events, 'pass-start').length, watching, 'a repeated EXISTS started a pass');

    corpus.proxy.injectUntagged('1 FETCH (FLAGS (\\Seen))', { whenCommand: /^\S+ IDLE\b/, everyMs: 20 });
    await waitUntil(
      () => of(events, 'pass-start').length > watching,
      () => `the flag changes started no pass: ${JSON.stringify(corpus.proxy.commands.slice(-8))}`,
    );
    const firstPaced = of(events, 'pass-start').at(-1)!.at;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const paced = of(events, 'pass-start').filter((e) => e.at >= firstPaced);
    // One pass a second at most (the gap), where back to back they were one every ~0.1 s.
    assert.ok(paced.length >= 2 && paced.length <= 5, `${paced.length} passes in 3 s`);
    for (const [i, pass] of paced.entries())
      if (i > 0) assert.ok(pass.at - paced[i - 1]!.at >= 990, 'passes closer than the gap');
  });

  test('a server without IDLE: timed passes only, said once', async (t) => {
    corpus.proxy.stripCapability('IDLE', { connections: 100 });
    const { events } = await keptInSync(t, { everyMs: 200 });
    await waitUntil(
      () => of(events, 'summary').length >= 4,
      () => `timed passes: ${of(events, 'summary').length}`,
    );
    assert.deepEqual(idleStates(events), ['unsupported']);
    const notices = of(events, 'notice').filter((e) => /IDLE/.test(e.message));
    assert.equal(notices.length, 1);
    assert.match(
      notices[0]!.message,
      /does not offer IDLE: new mail is seen by a pass every 0\.2 s|does not offer IDLE/,
    );
    assert.ok(
      of(events, 'pass-start')
        .slice(1)
        .every((e) => e.targets === undefined),
    );
  });

  test('the wall clock jumping against the monotonic one (a resume) starts a pass at once', async (t) => {
    let slept = 0;
    const { events } = await keptInSync(t, {
      everyMs: 0,
      idle: false,
      clockCheckMs: 50,
      monotonic: () => performance.now() - slept,
    });
    const passes = of(events, 'pass-start').length;
    slept = 3_600_000;
    await waitUntil(
      () => of(events, 'pass-start').length > passes,
      () => 'no pass after the jump',
    );
    assert.equal(Math.round(of(events, 'clock-jump')[0]!.jumpMs / 60_000), 60);
  });
});
