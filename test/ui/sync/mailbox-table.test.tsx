/** @jsxRuntime automatic @jsxImportSource react */
// The mailbox table's columns: every cell starts where its title starts, whatever the counts'
// widths and the terminal's width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountProgress, MailboxProgress, ProgressSnapshot } from '../../../src/engine/progress-snapshot.js';
import { MailboxTable } from '../../../src/ui/sync/MailboxTable.js';
import { buildTableLines } from '../../../src/ui/sync/table-lines.js';
import { renderSized } from '../support/render-sized.js';

function mailbox(name: string, added: number): MailboxProgress {
  return {
    name,
    phase: 'done',
    messagesDone: added,
    messagesTotal: added,
    bytesDone: added * 20_000,
    bytesTotal: added * 20_000,
    added,
    linked: 0,
    flagsUpdated: 0,
    deleted: 0,
    rateBytesPerSec: 0,
    etaSec: null,
    samples: [],
  };
}

const account: AccountProgress = {
  name: 'demo',
  connection: 'closed',
  ok: true,
  mailboxes: [mailbox('INBOX', 1048), mailbox('Sent', 90), mailbox('Archive/2024', 123_456)],
};

/** The demo account's table, first mailbox selected, in a terminal `columns` wide. */
function tableFrame(columns: number): string {
  const table = buildTableLines({ accounts: [account] } as Pick<ProgressSnapshot, 'accounts'> as ProgressSnapshot);
  const screen = renderSized(
    <MailboxTable
      table={table}
      scroll={{ offset: 0, selected: 1, follow: false }}
      width={columns}
      height={8}
      now={0}
    />,
    columns,
    10,
  );
  const frame = screen.frame();
  screen.unmount();
  return frame;
}

for (const columns of [80, 90, 98, 100, 110, 120, 132, 160]) {
  test(`${columns} columns: the changes and messages cells start under their titles`, () => {
    const frame = tableFrame(columns);
    const lines = frame.split('\n');
    const header = lines[0]!;
    const rows = lines.filter((l) => /\+\d/.test(l));
    assert.equal(rows.length, 3, frame);
    const changesAt = header.indexOf('+new');
    for (const row of rows) {
      assert.ok(row.length <= columns, `row wider than the terminal: ${row}`);
      assert.equal(row.indexOf('+'), changesAt, `changes cell not under its title:\n${header}\n${row}`);
      const messages = /[\d,]+\/[\d,]+/.exec(row)!;
      assert.equal(
        messages.index + messages[0].length,
        header.indexOf('Messages') + 'Messages'.length,
        `${header}\n${row}`,
      );
    }
  });
}

test('mailboxes are listed INBOX first, then by name, whatever order the server listed them in', () => {
  const listed = { ...account, mailboxes: [mailbox('Sent', 1), mailbox('INBOX', 1), mailbox('Archive/2024', 1)] };
  const table = buildTableLines({ accounts: [listed] } as Pick<ProgressSnapshot, 'accounts'> as ProgressSnapshot);
  const names = table.lines.flatMap((line) => (line.kind === 'mailbox' ? [line.mailbox.name] : []));
  assert.deepEqual(names, ['INBOX', 'Archive/2024', 'Sent']);
});

for (const columns of [40, 50, 60, 70]) {
  test(`${columns} columns (a split pane): mailbox names keep room to be read`, () => {
    const frame = tableFrame(columns);
    assert.match(frame, /^› INBOX +done/m, frame);
    assert.match(frame, /^ {2}Archive\/2024 +done/m, frame);
    for (const line of frame.split('\n')) assert.ok(line.length <= columns, `wider than the terminal: ${line}`);
  });
}
