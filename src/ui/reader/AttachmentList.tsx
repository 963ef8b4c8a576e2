import { Box, Text } from 'ink';
import type { AttachmentInfo } from '../../reader/index.js';
import { formatBytes } from '../../text/format-bytes.js';

export function AttachmentList({ attachments, cursor }: { attachments: AttachmentInfo[]; cursor: number }) {
  if (!attachments.length) return <Text dimColor>(no attachments)</Text>;
  return (
    <Box flexDirection="column">
      {attachments.map((a, i) => (
        <Text key={a.index} inverse={i === cursor} wrap="truncate-end">
          {i === cursor ? '>' : ' '}
          {String(i + 1).padStart(3)} {a.name} [{a.type}, {formatBytes(a.size)}]
        </Text>
      ))}
    </Box>
  );
}
