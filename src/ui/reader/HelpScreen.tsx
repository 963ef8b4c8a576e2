import { Box, Text } from 'ink';
import { READER_KEYS } from './reader-keys.js';

export function HelpScreen() {
  return (
    <Box flexDirection="column">
      <Text bold>Reader keys (read-only: nothing in the Maildir is ever changed)</Text>
      {READER_KEYS.map((b) => (
        <Text key={b.command} wrap="truncate-end">
          {b.keys.padEnd(12)} {b.description}
        </Text>
      ))}
      <Text dimColor>q or ? to close</Text>
    </Box>
  );
}
