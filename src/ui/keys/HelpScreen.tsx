import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { KEY_BINDINGS } from './app-keys.js';
import { useTheme } from '../theme.js';

const LABEL_WIDTH = 8;

export function HelpScreen({ width, height, logPath }: { width: number; height: number; logPath: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.accent}>
        mailkeep keys
      </Text>
      <Text> </Text>
      {KEY_BINDINGS.map((binding) => (
        <Box key={binding.command}>
          <Box width={LABEL_WIDTH} flexShrink={0}>
            <Text bold>{binding.label}</Text>
          </Box>
          <Text wrap="truncate-end">{binding.description}</Text>
        </Box>
      ))}
      <Text> </Text>
      <Text wrap="truncate-middle">Full event log: {sanitizeForTerminal(logPath)}</Text>
      <Text color={theme.muted}>In the reader, its own keys apply; Tab comes back here. Any key closes this help.</Text>
    </Box>
  );
}
