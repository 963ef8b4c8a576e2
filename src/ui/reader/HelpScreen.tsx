import { Box, Text } from 'ink';
import { READER_KEYS } from '../keys/reader-keys.js';

/** The key table, in as many columns as the height needs. */
export function HelpScreen({ height }: { height: number }) {
  const perColumn = Math.max(1, height - 2);
  const columns: (typeof READER_KEYS)[] = [];
  for (let i = 0; i < READER_KEYS.length; i += perColumn) columns.push(READER_KEYS.slice(i, i + perColumn));
  return (
    <Box flexDirection="column">
      <Text bold>Reader keys (read-only: nothing in the Maildir is ever changed) — q or ? to close</Text>
      <Box>
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" flexShrink={1} marginRight={2}>
            {column.map((b) => (
              <Text key={b.command} wrap="truncate-end">
                {b.keys.padEnd(11)} {b.description}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
