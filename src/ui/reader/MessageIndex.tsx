import { Box, Text } from 'ink';
import type { IndexEntry, IndexRow } from '../../reader/index.js';
import {
  displayWidth,
  fitToWidth,
  padEndToWidth,
  truncateStartToWidth,
  truncateToWidth,
} from '../../text/display-width.js';
import { formatBytes } from '../../text/format-bytes.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { pageTop } from './cursor-move.js';
import { flagColumn, formatIndexDate, senderName } from './index-columns.js';

const SENDER_WIDTH = 20;
/** The cells before the sender and around the size: cursor, number, flags, date; the size. */
const LEAD_WIDTH = 21;
const SIZE_WIDTH = 9;
/** A folder column (a search's results) is at most this wide, and only takes what the subject can spare beyond its minimum. */
const FOLDER_WIDTH = 16;
const FOLDER_MIN_WIDTH = 6;
const SUBJECT_MIN_WIDTH = 24;

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
  /** The folder column's text for each row (a search's results), or no such column. */
  folderOf?: (entry: IndexEntry) => string;
}

export function MessageIndex({ entries, rows, cursor, numberFrom, height, width, now, folderOf }: Props) {
  if (!rows.length) return <Text dimColor>(no messages)</Text>;
  const top = pageTop(cursor, rows.length, height);
  const spare = width - LEAD_WIDTH - SENDER_WIDTH - SIZE_WIDTH - SUBJECT_MIN_WIDTH - 1;
  const folderWidth = folderOf && spare >= FOLDER_MIN_WIDTH ? Math.min(FOLDER_WIDTH, spare) : 0;
  return (
    <Box flexDirection="column" flexGrow={1}>
      {rows.slice(top, top + height).map((row, i) => {
        const e = entries[row.entry]!;
        const selected = top + i === cursor;
        const tree = row.depth ? '  '.repeat(row.depth - 1) + '└─>' : '';
        const folder = folderWidth
          ? `${padEndToWidth(truncateStartToWidth(sanitizeForTerminal(folderOf!(e)), folderWidth), folderWidth)} `
          : '';
        const lead = `${selected ? '>' : ' '}${String(top + i + numberFrom).padStart(5)} ${flagColumn(e)} ${formatIndexDate(e.date, now).padEnd(10)} ${folder}`;
        const size = ` ${formatBytes(e.size).padStart(SIZE_WIDTH - 2)} `;
        // One Text a row, its columns laid out and the subject cut at the edge here: a first frame
        // of a big folder lays out a tenth of the nodes a Box per column cost, and Ink slices no
        // line (its truncation stays for a character measured wider than we count it).
        const rest = width - displayWidth(lead) - SENDER_WIDTH - size.length;
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
