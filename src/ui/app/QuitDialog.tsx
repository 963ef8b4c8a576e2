import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

export type QuitStage = 'confirm' | 'stopping';

export function QuitDialog({ stage, width }: { stage: QuitStage; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      {stage === 'confirm' ? (
        <Text wrap="truncate-end" bold color={theme.warn}>
          A sync is running. Stop it and quit? (y/n)
        </Text>
      ) : (
        <Text wrap="truncate-end" bold color={theme.warn}>
          Stopping: finishing the message in flight and saving state… (Ctrl-C again forces)
        </Text>
      )}
    </Box>
  );
}
