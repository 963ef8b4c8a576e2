// The wizard's password step for the sources that need a value: the command, the environment
// variable's name, or the password itself (masked, with a warning).
import { Text } from 'ink';
import { TextField } from './TextField.js';
import { defaultPasswordValue, type PasswordKind } from './wizard-account.js';

export interface PasswordValueStepProps {
  kind: PasswordKind | undefined;
  initial: string;
  address: string;
  onSubmit: (value: string) => void;
}

const NAMED_VALUES: Partial<Record<PasswordKind, { prompt: string; valid: (value: string) => boolean }>> = {
  command: { prompt: 'Command that prints the password:', valid: (v) => v !== '' },
  env: { prompt: 'Environment variable holding the password:', valid: (v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) },
};

export function PasswordValueStep({ kind, initial, address, onSubmit }: PasswordValueStepProps) {
  const named = kind && NAMED_VALUES[kind];
  if (kind && named) {
    return (
      <>
        <Text>{named.prompt}</Text>
        <TextField
          initial={initial}
          placeholder={defaultPasswordValue(kind, address)}
          onSubmit={(v) => named.valid(v) && onSubmit(v)}
        />
      </>
    );
  }
  if (kind === 'plain') {
    return (
      <>
        <Text color="yellow">
          Warning: the password will be saved unencrypted in mailkeep’s config file (readable only by you).
        </Text>
        <Text>Password:</Text>
        <TextField mask initial={initial} onSubmit={(v) => v && onSubmit(v)} />
      </>
    );
  }
  return null;
}
