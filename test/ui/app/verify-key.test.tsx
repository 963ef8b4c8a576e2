/** @jsxRuntime automatic @jsxImportSource react */
// The sync view's last verification per mailbox (from 'mailbox-verified' events) and V, which asks
// the engine to verify the selected mailbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src/engine/events.js';
import { renderApp } from '../support/app-harness.js';

const verified = (mailbox: string, ageMs: number, missing: number): EngineEvent => ({
  type: 'mailbox-verified',
  account: 'gmail',
  mailbox,
  verification: {
    at: Date.now() - ageMs,
    deep: false,
    server: 10,
    stored: 10 - missing,
    missing,
    differing: 0,
    extra: 0,
  },
  at: Date.now(),
});

test('each row shows its last verification; V verifies the selected mailbox through the engine', async (t) => {
  const app = renderApp({ columns: 100 });
  t.after(() => app.dispose());
  app.engine.emit(
    { type: 'pass-start', pass: 1, at: 1000 },
    { type: 'account-start', account: 'gmail', at: 1000 },
    { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX', 'Sent'], at: 1000 },
    verified('INBOX', 60_000, 3),
    verified('Sent', 2 * 3600_000 + 5000, 0),
  );
  const frame = await app.waitFor((f) => f.includes('3 missing') && f.includes('2 h ago'), 'the verifications');
  assert.match(frame, /Verified/);
  assert.match(
    frame.split('\n').find((line) => line.includes(' INBOX '))!,
    /3 missing/,
  );
  app.press('V');
  await app.waitFor((f) => f.includes('verifying gmail/INBOX…'), 'the footer');
  assert.deepEqual(app.engine.verifyCalls, [[{ account: 'gmail', mailbox: 'INBOX' }]]);
});
