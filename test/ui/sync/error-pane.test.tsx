/** @jsxRuntime automatic @jsxImportSource react */
// The error pane's title counts what it lists: errors, a server's [ALERT]s apart, and what is
// only in the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimedError } from '../../../src/engine/progress-snapshot.js';
import { ErrorPane } from '../../../src/ui/sync/ErrorPane.js';
import { renderSized } from '../support/render-sized.js';

const error = (n: number): TimedError => ({
  code: 'MAILBOX_FAILED',
  scope: 'mailbox',
  retry: 'final',
  account: 'work',
  mailbox: `Box${n}`,
  message: `refused ${n}`,
  at: n,
});
const alert: TimedError = {
  code: 'SERVER_ALERT',
  scope: 'account',
  retry: 'final',
  account: 'work',
  message: 'Mailbox almost full',
  at: 9,
};

function title(errors: TimedError[], total: number, height: number): string {
  const screen = renderSized(
    <ErrorPane errors={errors} total={total} logPath="/tmp/m.log" width={100} height={height} />,
    100,
    height + 1,
  );
  const first = screen.frame().split('\n')[0]!;
  screen.unmount();
  return first;
}

test('an alert alone is not counted as an error', () => {
  assert.equal(title([alert], 0, 4), 'Errors (0, 1 server alert) · e hides');
});

test('errors pushed out by an alert are said to be in the log', () => {
  assert.equal(
    title([error(1), error(2), error(3), alert], 3, 4),
    'Errors (3, 1 server alert, 1 more in /tmp/m.log) · e hides',
  );
  assert.equal(title([error(1), error(2)], 2, 4), 'Errors (2) · e hides');
});
