// The wizard's question of where the password comes from (the keyring only when secret-tool is there).
import { Text } from 'ink';
import { ChoiceList, type Choice } from './ChoiceList.js';
import type { PasswordKind } from './wizard-account.js';

export interface PasswordKindStepProps {
  /** The provider's word on passwords (app passwords and the like). */
  help: string | undefined;
  withKeyring: boolean;
  initial: PasswordKind | undefined;
  onSelect: (kind: PasswordKind) => void;
}

export function PasswordKindStep({ help, withKeyring, initial, onSelect }: PasswordKindStepProps) {
  const choices: Choice<PasswordKind>[] = [
    { value: 'command', label: 'Run a command that prints it (like mbsync PassCmd, e.g. pass)' },
    { value: 'env', label: 'Read an environment variable' },
    ...(withKeyring ? [{ value: 'keyring' as const, label: 'System keyring (secret-tool)' }] : []),
    { value: 'plain', label: 'Store it in mailkeep’s config file (not recommended)' },
  ];
  return (
    <>
      <Text>{help}</Text>
      <Text>Where should mailkeep get the password?</Text>
      <ChoiceList choices={choices} initial={initial} onSelect={onSelect} />
    </>
  );
}
