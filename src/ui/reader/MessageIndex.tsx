import { Box, Text } from 'ink';
import type { IndexEntry, IndexRow } from '../../reader/index.js';
import { fitToWidth, truncateToWidth } from '../../text/display-width.js';
import { formatBytes } from '../../text/format-bytes.js';
import { pageTop } from './cursor-move.js';
import { flagColumn, formatIndexDate, senderName } from './index-columns.js';

const SENDER_WIDTH = 20;

interface Props {
  entries: IndexEntry[];
  rows: IndexRow[];
  cursor: number;
  /** The number of the first row (older messages may still be being read). */
  numberFrom: number;
  height: number;
  /** Cells the rows may take. */
  width: number;
  now: Date;
}

export function MessageIndex({ entries, rows, cursor, numberFrom, height, width, now }: Props) {
  if (!rows.length) return <Text dimColor>(no messages)</Text>;
  const top = pageTop(cursor, rows.length, height);
  return (
    <Box flexDirection="column" flexGrow={1}>
      {rows.slice(top, top + height).map((row, i) => {
        const e = entries[row.entry]!;
        const selected = top + i === cursor;
        const tree = row.depth ? '  '.repeat(row.depth - 1) + '└─>' : '';
        const lead = `${selected ? '>' : ' '}${String(top + i + numberFrom).padStart(5)} ${flagColumn(e)} ${formatIndexDate(e.date, now).padEnd(10)} `;
        const size = ` ${formatBytes(e.size).padStart(7)} `;
        // One Text a row, its columns laid out and the subject cut at the edge here: a first frame
        // of a big folder lays out a tenth of the nodes a Box per column cost, and Ink slices no
        // line (its truncation stays for a character measured wider than we count it).
        const rest = width - lead.length - SENDER_WIDTH - size.length;
        return (
          <Text key={`${e.dir}/${e.file}`} inverse={selected} wrap="truncate-end">
            <Text bold={!e.flags.includes('S')}>{lead}</Text>
            {fitToWidth(senderName(e.from) || '(nobody)', SENDER_WIDTH)}
            {size}
            {truncateToWidth(tree + (e.subject || '(no subject)'), rest)}
          </Text>
        );
      })}
    </Box>
  );
}
