import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import type { MailboxPhase } from '../../engine/events.js';
import { useTheme, type Theme } from '../theme.js';
import { COLUMN_GAP, layoutColumns, MARKER_WIDTH, type Column } from './table-columns.js';
import {
  accountFailed,
  accountSummary,
  mailboxCells,
  type CellId,
  type TableLine,
  type TableLines,
} from './table-lines.js';
import type { ScrollState } from './table-scroll.js';

interface Props {
  table: TableLines;
  scroll: ScrollState;
  width: number;
  /** Lines available, the column titles included. */
  height: number;
  /** For the age of each mailbox's last verification. */
  now: number;
}

function phaseColor(phase: MailboxPhase, theme: Theme): string | undefined {
  switch (phase) {
    case 'fetching':
    case 'checking':
      return theme.accent;
    case 'done':
    case 'uptodate':
      return theme.ok;
    case 'paused':
      return theme.warn;
    case 'error':
      return theme.error;
    case 'queued':
      return theme.muted;
  }
}

function Cells({
  columns,
  cells,
  color,
  bold,
}: {
  columns: Column[];
  cells: Record<CellId, string>;
  color?: string;
  bold?: boolean;
}) {
  return (
    <>
      {columns.map((column) => (
        <Box key={column.id} width={column.width} justifyContent={column.align === 'right' ? 'flex-end' : 'flex-start'}>
          <Text wrap="truncate-end" bold={bold} color={column.id === 'state' ? color : undefined}>
            {cells[column.id]}
          </Text>
        </Box>
      ))}
    </>
  );
}

const Line = memo(function Line({
  line,
  selected,
  columns,
  now,
}: {
  line: TableLine;
  selected: boolean;
  columns: Column[];
  now: number;
}) {
  const theme = useTheme();
  if (line.kind === 'account') {
    return (
      <Text bold wrap="truncate-end" color={accountFailed(line.account) ? theme.error : theme.accent}>
        {selected ? '› ' : ''}
        {accountSummary(line.account)}
      </Text>
    );
  }
  return (
    <Box columnGap={COLUMN_GAP}>
      <Box width={MARKER_WIDTH - COLUMN_GAP}>
        <Text color={theme.accent}>{selected ? '›' : ' '}</Text>
      </Box>
      <Cells columns={columns} cells={mailboxCells(line.mailbox, now)} color={phaseColor(line.mailbox.phase, theme)} />
    </Box>
  );
});

export function MailboxTable({ table, scroll, width, height, now }: Props) {
  const columns = useMemo(() => layoutColumns(width), [width]);
  const titles = useMemo(
    () => Object.fromEntries(columns.map((c) => [c.id, c.title])) as Record<CellId, string>,
    [columns],
  );
  const visible = table.lines.slice(scroll.offset, scroll.offset + Math.max(0, height - 1));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box columnGap={COLUMN_GAP}>
        <Box width={MARKER_WIDTH - COLUMN_GAP} />
        <Cells columns={columns} cells={titles} bold />
      </Box>
      {table.lines.length === 0 ? <Text>Waiting for the server to list mailboxes…</Text> : null}
      {visible.map((line, i) => (
        <Line
          key={line.kind === 'account' ? `a:${line.account.name}` : `m:${line.account}:${line.mailbox.name}`}
          line={line}
          selected={scroll.offset + i === scroll.selected}
          columns={columns}
          now={now}
        />
      ))}
    </Box>
  );
}
