/** @jsxRuntime automatic @jsxImportSource react */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent, MailboxPhase } from '../../../src/engine/events.js';
import { formatClock } from '../../../src/text/format-progress.js';
import { APP_KEYS } from '../../../src/ui/keys/app-keys.js';
import type { ReaderProps } from '../../../src/ui/reader/reader-props.js';
import { useKeyHandler } from '../../../src/ui/keys/use-key-handler.js';
import { renderApp } from '../support/app-harness.js';
import { KEYS } from '../support/render-sized.js';

function passStart(account: string, mailboxes: string[]): EngineEvent[] {
  return [
    { type: 'pass-start', pass: 1, at: 1000 },
    { type: 'account-start', account, at: 1000 },
    { type: 'connection', account, state: 'connected', at: 1000 },
    { type: 'mailboxes', account, mailboxes, at: 1000 },
  ];
}

function phase(account: string, mailbox: string, p: MailboxPhase): EngineEvent {
  return { type: 'mailbox-phase', account, mailbox, phase: p, at: 1100 };
}

function rowOf(frame: string, name: string): string {
  const row = frame.split('\n').find((line) => line.includes(` ${name} `));
  assert.ok(row, `a row for ${name} in:\n${frame}`);
  return row;
}

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  assert.ok(lines.length < rows, `${lines.length} lines fit in ${rows} rows`);
  for (const line of lines) assert.ok([...line].length <= columns, `line fits ${columns} columns: ${line}`);
}

test('one row per mailbox under its account, with every state in words', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  const until = new Date(2024, 0, 1, 14, 30).getTime();
  app.engine.emit(
    ...passStart('gmail', ['INBOX', 'Sent', 'Drafts', 'Spam', 'Archiv/Größe', 'Trash', 'Later']),
    phase('gmail', 'Sent', 'checking'),
    phase('gmail', 'INBOX', 'fetching'),
    {
      type: 'mailbox-plan',
      account: 'gmail',
      mailbox: 'INBOX',
      messagesToFetch: 40000,
      messagesToLink: 0,
      bytesToFetch: 4e8,
      serverMessages: 40000,
      at: 1100,
    },
    { type: 'mailbox-progress', account: 'gmail', mailbox: 'INBOX', messagesDone: 1234, bytesDone: 1e7, at: 2100 },
    {
      type: 'mailbox-done',
      account: 'gmail',
      mailbox: 'Drafts',
      added: 0,
      linked: 0,
      flagsUpdated: 0,
      deleted: 0,
      bytes: 0,
      upToDate: true,
      at: 1200,
    },
    {
      type: 'mailbox-done',
      account: 'gmail',
      mailbox: 'Archiv/Größe',
      added: 12,
      linked: 0,
      flagsUpdated: 3,
      deleted: 1,
      bytes: 5000,
      upToDate: false,
      at: 1200,
    },
    { type: 'paused', account: 'gmail', mailbox: 'Later', until, reason: 'throttled', at: 1300 },
    phase('gmail', 'Trash', 'error'),
  );
  const frame = await app.waitFor((f) => f.includes('paused until'), 'the paused row');
  assert.match(frame, /gmail · connected · 3\/7 mailboxes/);
  assert.match(rowOf(frame, 'INBOX'), /fetching\s+1,234\/40,000/);
  assert.match(rowOf(frame, 'Sent'), /checking/);
  assert.match(rowOf(frame, 'Drafts'), /up to date/);
  assert.match(rowOf(frame, 'Spam'), /queued/);
  assert.match(rowOf(frame, 'Archiv/Größe'), /done.*\+12 ~3 -1/);
  assert.match(rowOf(frame, 'Later'), new RegExp(`paused until ${formatClock(until)}`));
  assert.match(rowOf(frame, 'Trash'), /error/);
  assertFits(frame, 80, 24);
});

test('mailbox names and error text from the server are made inert', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['Evil\u001b]0;pwned\u0007\u202eBox']), {
    type: 'error',
    error: {
      code: 'UNEXPECTED',
      scope: 'mailbox',
      retry: 'final',
      account: 'gmail',
      mailbox: 'INBOX',
      message: 'bad \u001b[31mred\u001b[0m\u0007 thing',
    },
    at: 1500,
  });
  const raw = await app.waitFor((f) => f.includes('EvilBox') && f.includes('bad red thing'), 'sanitized text');
  assert.doesNotMatch(app.rawFrame(), /\u001b\]|\u0007|\u202e|pwned\u0007/);
  assert.ok(raw.includes('EvilBox'));
});

test('with 200 mailboxes the active row and the selection stay in view', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  const names = Array.from({ length: 200 }, (_, i) => `box${String(i).padStart(3, '0')}`);
  app.engine.emit(...passStart('gmail', names), phase('gmail', 'box150', 'fetching'));
  let frame = await app.waitFor((f) => f.includes(' box150 '), 'the active row');
  assert.match(rowOf(frame, 'box150'), /^› /, 'the selection follows the active row');
  assert.doesNotMatch(frame, / box000 /);
  assertFits(frame, 80, 24);

  app.press('k');
  app.press('k');
  frame = await app.waitFor((f) => /^› box148 /m.test(f), 'the selection moved up');
  assert.match(frame, / box150 /);

  app.engine.emit(phase('gmail', 'box150', 'done'), phase('gmail', 'box151', 'fetching'));
  frame = await app.waitFor((f) => / box151 +fetching/.test(f), 'the next active row');
  assert.match(frame, /^› box148 /m, 'the user selection is kept');

  app.press(KEYS.pageDown);
  app.press(KEYS.pageDown);
  frame = await app.waitFor((f) => !f.includes(' box148 '), 'a page further');
  assert.match(frame, /^› box1[6-9]\d /m);
  app.press('f');
  await app.waitFor((f) => /^› box151 /m.test(f), 'following again');
});

test('errors have their own pane that progress does not push away; e toggles it', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX', 'Work']), {
    type: 'error',
    error: {
      code: 'MAILBOX_GONE',
      scope: 'mailbox',
      retry: 'final',
      account: 'gmail',
      mailbox: 'Work',
      message: 'the server says Work does not exist',
    },
    at: new Date(2024, 0, 1, 9, 15).getTime(),
  });
  for (let i = 1; i <= 50; i++) {
    app.engine.emit({
      type: 'mailbox-progress',
      account: 'gmail',
      mailbox: 'INBOX',
      messagesDone: i,
      bytesDone: i * 100,
      at: 2000 + i,
    });
  }
  let frame = await app.waitFor((f) => f.includes('Errors (1)'), 'the error pane');
  assert.match(frame, /09:15 gmail\/Work: the server says Work does not exist/);
  assert.match(frame, /1 error\b/);

  app.press('e');
  frame = await app.waitFor((f) => !f.includes('Errors (1)'), 'the pane hidden');
  // At 80 columns every key hint fits; the log path comes last and may be cut (? shows it whole).
  assert.match(frame, /1 error \(e shows\) · g\/G sync · a accounts · Tab reader · \? help · q quit · log/);
  app.press('e');
  await app.waitFor((f) => f.includes('Errors (1)'), 'the pane back');
});

test('G while a pass runs asks the engine once per press and shows one queued pass', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX']));
  await app.waitFor((f) => f.includes('syncing · pass 1'), 'the running pass');
  app.press('G');
  await app.waitFor((f) => f.includes('1 pass queued'), 'the queued pass');
  assert.deepEqual(app.engine.resyncCalls, [undefined]);
  app.press('G');
  const frame = await app.waitFor(() => app.engine.resyncCalls.length === 2, 'the second press');
  assert.equal(frame.match(/pass queued/g)?.length, 1);
  assert.doesNotMatch(frame, /2 pass/);
  app.engine.emit({ type: 'pass-start', pass: 2, at: 9000 });
  await app.waitFor((f) => f.includes('pass 2') && !f.includes('pass queued'), 'the queued pass running');
});

test('keys typed faster than one read each count (jj, GG); arrow keys still work', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX', 'Sent', 'Archiv/Größe', 'Trash']));
  await app.waitFor((f) => /^› INBOX /m.test(f), 'the first row selected');
  // Rows are INBOX first, then by name: INBOX, Archiv/Größe, Sent, Trash.
  app.press('jj');
  await app.waitFor((f) => /^› Sent /m.test(f), 'two rows down');
  app.press(KEYS.down);
  await app.waitFor((f) => /^› Trash /m.test(f), 'one more with the arrow');
  app.press('GG');
  await app.waitFor(() => app.engine.resyncCalls.length === 2, 'two resyncs');
  assert.deepEqual(app.engine.resyncCalls, [undefined, undefined]);
});

test('keys of one read cross screens and dialogs as if typed: Tab hands the rest to the reader; q then y quits', async (t) => {
  const heard: string[] = [];
  const { Text } = await import('ink');
  function KeyReader(props: ReaderProps) {
    useKeyHandler((input, key) => (input === 'q' ? props.onExit() : heard.push(key.return ? '⏎' : input)), {
      isActive: props.active,
    });
    return <Text>READER</Text>;
  }
  const app = renderApp({ Reader: KeyReader });
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX']));
  await app.waitFor((f) => f.includes('syncing'), 'the running pass');
  app.press(`${KEYS.tab}/RED\r`);
  await app.waitFor(() => heard.join('') === '/RED⏎', 'the keys after Tab in the reader');
  app.press('qy');
  await app.waitFor(() => app.exitCodes.length > 0, 'the exit');
  assert.equal(app.engine.stopCalls, 1);
  assert.deepEqual(app.exitCodes, [0]);
});

test('an account whose login failed shows as failed with its error, and the pass says so', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(
    ...passStart('demo', ['INBOX']),
    { type: 'account-start', account: 'typo', at: 1000 },
    { type: 'connection', account: 'typo', state: 'connecting', at: 1000 },
    {
      type: 'error',
      error: {
        code: 'AUTH_FAILED',
        scope: 'account',
        retry: 'final',
        account: 'typo',
        message: 'login to 127.0.0.1 failed: Authentication failed.',
      },
      at: 1100,
    },
    { type: 'account-done', account: 'typo', ok: false, at: 1100 },
    {
      type: 'mailbox-done',
      account: 'demo',
      mailbox: 'INBOX',
      added: 1,
      linked: 0,
      flagsUpdated: 0,
      deleted: 0,
      bytes: 10,
      upToDate: false,
      at: 1200,
    },
    { type: 'connection', account: 'demo', state: 'closed', at: 1200 },
    { type: 'account-done', account: 'demo', ok: true, at: 1200 },
    {
      type: 'summary',
      summary: {
        pass: 1,
        accounts: 2,
        mailboxes: 1,
        mailboxesFailed: [],
        added: 1,
        linked: 0,
        flagsUpdated: 0,
        deleted: 0,
        bytes: 10,
        errors: [],
        elapsedMs: 200,
        exitCode: 2,
      },
      at: 1200,
    },
  );
  const frame = await app.waitFor((f) => f.includes('pass 1 finished'), 'the finished pass');
  assert.match(frame, /pass 1 finished in 0:00 · 1 account failed/);
  assert.doesNotMatch(frame, /all mailboxes synced|connecting/);
  assert.match(frame, /demo: closed {2}typo: failed: login to 127\.0\.0\.1 failed/);
  assert.match(frame, /typo · failed: login to 127\.0\.0\.1 failed: Authentication failed\. · 0\/0 mailboxes/);
});

test('g syncs the selected mailbox again', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX', 'Sent', 'Archiv/Größe']));
  await app.waitFor((f) => /^› INBOX /m.test(f), 'the first row selected');
  // Rows are INBOX first, then by name: Archiv/Größe is second, Sent third.
  app.press('j');
  await app.waitFor((f) => /^› Archiv\/Größe /m.test(f), 'the second row selected');
  app.press('g');
  await app.waitFor(() => app.engine.resyncCalls.length === 1, 'the resync');
  assert.deepEqual(app.engine.resyncCalls, [[{ account: 'gmail', mailbox: 'Archiv/Größe' }]]);
});

test('q while syncing asks first; n goes back, y stops the engine and exits 0', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX']));
  await app.waitFor((f) => f.includes('syncing'), 'the running pass');
  app.press('q');
  await app.waitFor((f) => f.includes('Stop it and quit? (y/n)'), 'the question');
  assert.equal(app.engine.stopCalls, 0);
  app.press('n');
  await app.waitFor((f) => !f.includes('Stop it and quit?'), 'the question gone');
  app.press('q');
  await app.waitFor((f) => f.includes('Stop it and quit?'), 'the question again');
  app.press('y');
  await app.waitFor(() => app.exitCodes.length > 0, 'the exit');
  assert.equal(app.engine.stopCalls, 1);
  assert.deepEqual(app.exitCodes, [0]);
});

test('q when idle stops the engine and exits without asking', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.press('q');
  await app.waitFor(() => app.exitCodes.length > 0, 'the exit');
  assert.equal(app.engine.stopCalls, 1);
  assert.deepEqual(app.exitCodes, [0]);
});

test('Ctrl-C quits like q, and a second Ctrl-C forces', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX']));
  await app.waitFor((f) => f.includes('syncing'), 'the running pass');
  app.press(KEYS.ctrlC);
  await app.waitFor((f) => f.includes('Stop it and quit?'), 'the question');
  assert.deepEqual(app.exitCodes, []);
  app.press(KEYS.ctrlC);
  await app.waitFor(() => app.exitCodes.length > 0, 'the forced exit');
  assert.deepEqual(app.exitCodes, [130]);
});

test('Tab opens the reader with the sync status line; the reader quitting starts the quit flow', async (t) => {
  const seen: ReaderProps[] = [];
  const { Text } = await import('ink');
  function FakeReader(props: ReaderProps) {
    seen.push(props);
    return (
      <Text>
        READER {props.active ? 'active' : 'inactive'} {props.width}x{props.height}
      </Text>
    );
  }
  const app = renderApp({ Reader: FakeReader });
  t.after(() => app.dispose());
  app.engine.emit(...passStart('gmail', ['INBOX']));
  await app.waitFor((f) => f.includes('INBOX'), 'the sync view');
  app.press(KEYS.tab);
  const frame = await app.waitFor((f) => f.includes('READER active'), 'the reader');
  assert.doesNotMatch(frame, /Mailbox/);
  const last = seen.at(-1)!;
  assert.deepEqual(last.roots, [{ account: 'gmail', path: '/tmp/none' }]);
  assert.ok(last.statusLine, 'a status line is handed to the reader');
  assert.ok(last.height! <= 23 && last.width === 80);

  app.press(KEYS.tab);
  await app.waitFor((f) => f.includes('Mailbox') && !f.includes('READER'), 'back to sync');
  assert.equal(seen.at(-1)!.active, false, 'the hidden reader stays mounted but inactive');

  app.press(KEYS.tab);
  await app.waitFor((f) => f.includes('READER active'), 'the reader again');
  last.onExit();
  await app.waitFor((f) => f.includes('Stop it and quit?'), 'the quit question');
  assert.equal(seen.at(-1)!.active, false, 'the reader does not take keys while the question is open');
});

test('? shows the key table; any key closes it', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  app.press('?');
  const frame = await app.waitFor((f) => f.includes('mailkeep keys'), 'the help');
  assert.match(frame, /G\s+sync everything again/);
  assert.match(frame, /Tab\s+switch between sync and reader/);
  for (const b of APP_KEYS) assert.ok(frame.includes(b.keys) && frame.includes(b.description), `${b.command} listed`);
  assert.match(
    frame,
    /Full event log: \/home\/u\/\.local\/state\/mailkeep\/mailkeep\.log/,
    'the whole log path, cut from the footer',
  );
  assertFits(frame, 80, 24);
  app.press('x');
  await app.waitFor((f) => f.includes('Mailbox'), 'the sync view back');
  assert.deepEqual(app.engine.resyncCalls, []);
});

test('fits 80×24 and follows a resize', async (t) => {
  const app = renderApp();
  t.after(() => app.dispose());
  const names = Array.from({ length: 40 }, (_, i) => `folder-with-a-rather-long-name-${i}`);
  app.engine.emit(...passStart('gmail', names), {
    type: 'error',
    error: { code: 'UNEXPECTED', scope: 'account', retry: 'temp', account: 'gmail', message: 'x'.repeat(200) },
    at: 1000,
  });
  let frame = await app.waitFor((f) => f.includes('Errors (1)'), 'the full view');
  assertFits(frame, 80, 24);
  assert.doesNotMatch(frame, /Bytes/);
  app.resize(140, 40);
  frame = await app.waitFor((f) => f.includes('Bytes'), 'the wide layout');
  assertFits(frame, 140, 40);
  assert.ok(frame.split('\n').length > 30);
});

test('kept in sync: the countdown to the next pass, IDLE per account, new mail in the status line and the bell', async (t) => {
  for (const bell of [true, false]) {
    const app = renderApp({ bell, columns: 100 });
    t.after(() => app.dispose());
    const now = Date.now();
    const done = (pass: number, added: number, at: number): EngineEvent[] => [
      { type: 'pass-start', pass, at },
      { type: 'account-start', account: 'gmail', at },
      { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX'], at },
      {
        type: 'mailbox-done',
        account: 'gmail',
        mailbox: 'INBOX',
        added,
        linked: 0,
        flagsUpdated: 0,
        deleted: 0,
        bytes: 9,
        upToDate: added === 0,
        at,
      },
      { type: 'account-done', account: 'gmail', ok: true, at },
      {
        type: 'summary',
        summary: {
          pass,
          accounts: 1,
          mailboxes: 1,
          mailboxesFailed: [],
          added,
          linked: 0,
          flagsUpdated: 0,
          deleted: 0,
          bytes: 9,
          errors: [],
          elapsedMs: 5,
          exitCode: 0,
        },
        at,
      },
    ];
    app.engine.emit(...done(1, 3, now), { type: 'schedule', nextPassAt: now + 12 * 60_000 + 40_500, at: now });
    app.engine.emit({ type: 'idle', account: 'gmail', mailbox: 'INBOX', state: 'watching', at: now });
    const waiting = await app.waitFor(
      (f) => /next pass in 12:[34]\d/.test(f) && /gmail: \S+ · IDLE/.test(f),
      'countdown and IDLE',
    );
    assert.doesNotMatch(waiting, /new mail/, 'the first pass brings no "new mail"');
    const rings = () => app.writes().filter((w) => w === '\x07').length;
    assert.equal(rings(), 0);
    app.engine.emit(...done(2, 2, now + 1000));
    await app.waitFor((f) => f.includes(`new mail ${formatClock(now + 1000)}: 2 in gmail/INBOX`), 'the new mail');
    assert.equal(rings(), bell ? 1 : 0, `bell ${bell}`);
    app.dispose();
  }
});
