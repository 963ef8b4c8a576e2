/** @jsxRuntime automatic @jsxImportSource react */
// The sync screen in a short terminal: never more rows than the terminal has (Ink drew lines over
// each other below 7 rows), the pass line and the keys kept longest, the table shown with a row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyProgress, type ProgressSnapshot } from '../../../src/engine/progress-snapshot.js';
import { syncLayout } from '../../../src/ui/sync/sync-layout.js';
import { SyncView } from '../../../src/ui/sync/SyncView.js';
import { buildTableLines } from '../../../src/ui/sync/table-lines.js';
import { renderApp } from '../support/app-harness.js';
import { renderSized } from '../support/render-sized.js';

const snapshot: ProgressSnapshot = {
  ...emptyProgress(false),
  accounts: [{ name: 'demo', connection: 'closed', mailboxes: [] }],
};

function screenAt(rows: number): string[] {
  const table = buildTableLines(snapshot);
  const view = renderSized(
    <SyncView
      snapshot={snapshot}
      table={table}
      scroll={{ selected: 0, offset: 0, follow: true }}
      showErrors={false}
      logPath="/tmp/mailkeep.log"
      width={80}
      height={rows}
      now={0}
    />,
    80,
    rows,
  );
  const lines = view.frame().split('\n');
  view.unmount();
  return lines;
}

test('in a terminal of 1 to 8 rows the sync screen fills at most its rows, pass line and keys first', () => {
  const seen: Record<number, string[]> = {};
  for (let rows = 1; rows <= 8; rows++) {
    const lines = screenAt(rows);
    seen[rows] = lines;
    assert.ok(lines.length <= rows, `${rows} rows: ${lines.length} lines drawn:\n${lines.join('\n')}`);
    assert.match(lines[0]!, /^mailkeep not synced yet/, `${rows} rows: the pass line first`);
  }
  const keys = /^g\/G sync · a accounts/;
  assert.equal(seen[1]!.length, 1);
  for (let rows = 2; rows <= 8; rows++) assert.match(seen[rows]!.at(-1)!, keys, `${rows} rows: the keys last`);
  // Four rows: the table's titles and one line of it between them.
  assert.match(seen[4]![1]!, /Mailbox\s+State/);
  assert.match(seen[4]![2]!, /demo/);
  // Seven rows and more: the whole header.
  assert.match(seen[7]![1]!, /mailboxes · .* msgs/);
  assert.match(seen[7]![2]!, /^rate /);
  assert.match(seen[7]![3]!, /^demo: closed/);
});

test('the layout gives every row to a part and the error pane only what the table can spare', () => {
  const withErrors = { ...snapshot, errors: Array.from({ length: 9 }, () => snapshot.accounts[0]!) } as never;
  for (let rows = 1; rows <= 40; rows++) {
    const layout = syncLayout(rows, withErrors, true);
    const used = layout.header.length + layout.tableHeight + layout.errorHeight + (layout.footer ? 1 : 0);
    assert.equal(used, rows, `${rows} rows: ${JSON.stringify(layout)}`);
    assert.ok(layout.tableHeight === 0 || layout.tableHeight >= 2, `${rows} rows: a table of one row`);
  }
  assert.deepEqual(syncLayout(30, withErrors, true), {
    header: ['pass', 'progress', 'totals', 'connections'],
    tableHeight: 15,
    errorHeight: 10,
    footer: true,
  });
});

test('the app in a terminal of 2 to 5 rows, and resized to one: one row spare, the pass line on top', async () => {
  for (let rows = 2; rows <= 5; rows++) {
    const app = renderApp({ rows });
    try {
      const frame = await app.waitFor((f) => f.startsWith('mailkeep '), `the pass line at ${rows} rows`);
      assert.ok(frame.split('\n').length <= rows - 1, `${rows} rows:\n${frame}`);
      if (rows === 5) {
        app.resize(80, 1);
        const one = await app.waitFor((f) => f.split('\n').length === 1, 'one line');
        assert.match(one, /^mailkeep /);
      }
    } finally {
      app.dispose();
    }
  }
});
