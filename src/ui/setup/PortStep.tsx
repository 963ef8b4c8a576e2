// The wizard's port question (the "other" provider only): a whole number from 1 to 65535.
import { Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { TextField } from './TextField.js';

export interface PortStepProps {
  initial: number | undefined;
  /** Offered while the field is empty. */
  suggested: number;
  /** What was wrong with the last answer; '' for nothing. */
  problem: string;
  onPort: (port: number) => void;
  onInvalid: (problem: string) => void;
}

export function PortStep({ initial, suggested, problem, onPort, onInvalid }: PortStepProps) {
  return (
    <>
      <Text>Port (993 = IMAPS, 143 = STARTTLS):</Text>
      <TextField
        initial={initial === undefined ? '' : String(initial)}
        placeholder={String(suggested)}
        onSubmit={(v) => {
          const port = Number(v);
          if (Number.isInteger(port) && port >= 1 && port <= 65535) onPort(port);
          else onInvalid(`port must be 1–65535, not '${sanitizeForTerminal(v)}'`);
        }}
      />
      {problem !== '' && <Text color="red">{problem}</Text>}
    </>
  );
}
