import { Box, Text } from 'ink';
import type { IndexEntry, IndexRow } from '../../reader/index.js';
import { padEndToWidth } from '../../text/display-width.js';
import { formatBytes } from '../../text/format-bytes.js';
import { flagColumn, formatIndexDate, senderName } from './index-columns.js';

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
        return (
          // Fixed columns never shrink; the subject takes what is left and is cut, never wrapped.
          <Box key={`${e.dir}/${e.file}`}>
            <Box flexShrink={0}>
              <Text inverse={selected} bold={!e.flags.includes('S')}>
                {selected ? '>' : ' '}
                {String(top + i + numberFrom).padStart(5)} {flagColumn(e)}{' '}
                {formatIndexDate(e.date, now).padEnd(10)}{' '}
              </Text>
            </Box>
            <Box width={20} flexShrink={0}>
              <Text inverse={selected} wrap="truncate-end">
                {/* Padded so the cursor bar runs through the column. */}
                {padEndToWidth(senderName(e.from) || '(nobody)', 20)}
              </Text>
            </Box>
            <Box flexShrink={0}>
              <Text inverse={selected}> {formatBytes(e.size).padStart(7)} </Text>
            </Box>
            <Box flexGrow={1} flexShrink={1} flexBasis={0}>
              <Text inverse={selected} wrap="truncate-end">
                {tree}
                {e.subject || '(no subject)'}
              </Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
