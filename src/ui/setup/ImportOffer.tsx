// Asked once when no mailkeep config exists but ~/.mbsyncrc does: copy it into mailkeep's own
// config (then editable from the app), or use it as it is this time.

import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { useTheme } from '../theme.js';
import { useKeyHandler } from '../keys/use-key-handler.js';

export interface ImportOfferProps {
  /** The file found, as shown to the user (`~/.mbsyncrc`). */
  source: string;
  /** Where an import writes to, as shown. */
  target: string;
  /** Why the last import failed (one line), if it did. */
  problem?: string;
  busy?: boolean;
  onAnswer: (importIt: boolean) => void;
}

export function ImportOffer({ source, target, problem, busy = false, onAnswer }: ImportOfferProps) {
  const theme = useTheme();
  useKeyHandler((input) => {
    if (busy) return;
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N') onAnswer(false);
  });
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>mailkeep</Text>
      <Box marginTop={1} flexDirection="column">
        <Text>Found {sanitizeForTerminal(source)} — import it into mailkeep&apos;s config? [y/n]</Text>
        <Text color={theme.muted}>
          y: copy its accounts to {sanitizeForTerminal(target)} (then editable here with a) · n: use it as it is this
          time
        </Text>
        {busy ? <Text>Importing…</Text> : null}
        {problem ? (
          <Text color={theme.error}>Import failed: {sanitizeForTerminal(problem)} · n uses it as it is</Text>
        ) : null}
      </Box>
    </Box>
  );
}
