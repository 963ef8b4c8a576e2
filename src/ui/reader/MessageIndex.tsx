import { Box, Text } from 'ink';
import type { IndexEntry, IndexRow } from '../../reader/index.js';
import { fitToWidth } from '../../text/display-width.js';
import { formatBytes } from '../../text/format-bytes.js';
import { flagColumn, formatIndexDate, senderName } from './index-columns.js';

const SENDER_WIDTH = 20;

interface Props {
  entries: IndexEntry[];
  rows: IndexRow[];
  cursor: number;
  /** The number of the first row (older messages may still be being read). */
  numberFrom: number;
  height: number;
  now: Date;
}

export function MessageIndex({ entries, rows, cursor, numberFrom, height, now }: Props) {
  if (!rows.length) return <Text dimColor>(no messages)</Text>;
  // Whole pages, as in mutt, except that the last page is filled from above.
  const top = Math.max(0, Math.min(Math.floor(cursor / Math.max(1, height)) * height, rows.length - height));
  return (
    <Box flexDirection="column" flexGrow={1}>
      {rows.slice(top, top + height).map((row, i) => {
        const e = entries[row.entry]!;
        const selected = top + i === cursor;
        const tree = row.depth ? '  '.repeat(row.depth - 1) + '└─>' : '';
        const lead = `${selected ? '>' : ' '}${String(top + i + numberFrom).padStart(5)} ${flagColumn(e)} ${formatIndexDate(e.date, now).padEnd(10)} `;
        // One Text a row, its fixed columns laid out here: a first frame of a big folder draws
        // (and lays out) a tenth of the nodes a Box per column cost. The subject is cut at the edge.
        return (
          <Text key={`${e.dir}/${e.file}`} inverse={selected} wrap="truncate-end">
            <Text bold={!e.flags.includes('S')}>{lead}</Text>
            {fitToWidth(senderName(e.from) || '(nobody)', SENDER_WIDTH)}
            {` ${formatBytes(e.size).padStart(7)} `}
            {tree}
            {e.subject || '(no subject)'}
          </Text>
        );
      })}
    </Box>
  );
}
