import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { APP_KEYS } from '../keys/app-keys.js';
import { HelpScreen } from '../keys/HelpScreen.js';
import { useTheme } from '../theme.js';

/** The sync view's `?` screen: the app's keys and where the full log is. */
export function AppHelp({ width, height, logPath }: { width: number; height: number; logPath: string }) {
  const theme = useTheme();
  const footer = (
    <Box flexDirection="column">
      <Text> </Text>
      <Text wrap="truncate-middle">Full event log: {sanitizeForTerminal(logPath)}</Text>
      <Text color={theme.muted}>In the reader, its own keys apply; Tab comes back here. Any key closes this help.</Text>
    </Box>
  );
  const below = { rows: 3, content: footer };
  return <HelpScreen title="mailkeep keys" table={APP_KEYS} width={width} height={height} footer={below} />;
}
