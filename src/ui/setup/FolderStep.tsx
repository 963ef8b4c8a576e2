// The wizard's question of the local folder for the backup, after how to put a keyring password in.
import { Text } from 'ink';
import { TextField } from './TextField.js';
import { keyringAttributes } from './wizard-account.js';

export interface FolderStepProps {
  /** The login whose password the keyring is to hold; undefined when it holds none. */
  keyringLogin: string | undefined;
  initial: string;
  suggested: string;
  onSubmit: (folder: string) => void;
}

export function FolderStep({ keyringLogin, initial, suggested, onSubmit }: FolderStepProps) {
  return (
    <>
      {keyringLogin !== undefined && (
        <Text>
          Store the password once with: secret-tool store --label=mailkeep{' '}
          {Object.entries(keyringAttributes(keyringLogin)).flat().join(' ')}
        </Text>
      )}
      <Text>Local folder for the backup:</Text>
      <TextField initial={initial} placeholder={suggested} onSubmit={(v) => v && onSubmit(v)} />
    </>
  );
}
