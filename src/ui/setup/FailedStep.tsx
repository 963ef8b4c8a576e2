// The wizard after a failed login or sign-in: the first line of why; Enter tries again.
import { Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { useKeyHandler } from '../keys/use-key-handler.js';

export interface FailedStepProps {
  problem: string;
  what: 'Login' | 'Sign-in';
  onRetry: () => void;
}

export function FailedStep({ problem, what, onRetry }: FailedStepProps) {
  useKeyHandler((_input, key) => {
    if (key.return) onRetry();
  });
  return (
    <>
      <Text color="red">
        {what} failed: {sanitizeForTerminal(problem.split('\n')[0] ?? '')}
      </Text>
      <Text>
        Enter to try again · Esc to change {what === 'Login' ? 'the password source' : 'the client or the store'}
      </Text>
    </>
  );
}
