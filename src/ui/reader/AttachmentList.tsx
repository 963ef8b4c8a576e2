import { Box, Text } from 'ink';
import type { AttachmentInfo } from '../../reader/index.js';
import { formatBytes } from '../../text/format-bytes.js';
import { pageTop } from './cursor-move.js';

interface Props {
  attachments: AttachmentInfo[];
  cursor: number;
  /** Rows to draw in: a longer list is shown a page at a time, the cursor's page. */
  height: number;
}

export function AttachmentList({ attachments, cursor, height }: Props) {
  if (!attachments.length) return <Text dimColor>(no attachments)</Text>;
  const top = pageTop(cursor, attachments.length, height);
  return (
    <Box flexDirection="column">
      {attachments.slice(top, top + height).map((a, i) => (
        <Text key={a.index} inverse={top + i === cursor} wrap="truncate-end">
          {top + i === cursor ? '>' : ' '}
          {String(top + i + 1).padStart(3)} {a.name} [{a.type}, {formatBytes(a.size)}]
        </Text>
      ))}
    </Box>
  );
}
