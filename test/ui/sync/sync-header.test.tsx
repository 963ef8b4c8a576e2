/** @jsxRuntime automatic @jsxImportSource react */
// The header's accounts line: every account keeps a place, however long one account's error is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyProgress, type AccountProgress } from '../../../src/engine/progress-snapshot.js';
import { SyncHeader } from '../../../src/ui/sync/SyncHeader.js';
import { renderSized } from '../support/render-sized.js';

const account = (name: string, extra: Partial<AccountProgress>): AccountProgress => ({
  name,
  connection: 'connected',
  mailboxes: [],
  ...extra,
});

test('a long login error of one account does not push the accounts after it off the line', () => {
  const locked = `login to 127.0.0.1 failed: [AUTHENTICATIONFAILED] ${'very long server text '.repeat(20)}`;
  const snapshot = {
    ...emptyProgress(true),
    accounts: [
      account('wide', { connection: 'closed' }),
      account('badlogin', { connection: 'closed', ok: false, error: locked }),
      account('silent', { connection: 'reconnecting' }),
      account('dropper', { connection: 'reconnecting' }),
    ],
  };
  const screen = renderSized(<SyncHeader snapshot={snapshot} width={100} now={0} />, 100, 6);
  const line = screen.frame().split('\n')[3]!;
  screen.unmount();
  assert.match(
    line,
    /^wide: closed {2}badlogin: failed: login to 127\.0\.0\.1 .*… {2}silent: reconnecting {2}dropper: /,
  );
  assert.ok(line.length <= 100, line);
});

test('between passes an account with an open IDLE watch reads watching, not closed', () => {
  const snapshot = {
    ...emptyProgress(false),
    accounts: [
      account('kept', { connection: 'closed', idle: 'watching', idleAllMailboxes: true }),
      account('plain', { connection: 'closed' }),
    ],
  };
  const screen = renderSized(<SyncHeader snapshot={snapshot} width={100} now={0} />, 100, 6);
  const line = screen.frame().split('\n')[3]!;
  screen.unmount();
  assert.match(line, /^kept: watching · IDLE \(all mailboxes\) {2}plain: closed$/);
});
