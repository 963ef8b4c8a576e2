// The wizard's host question (the "other" provider only).
import { Text } from 'ink';
import { TextField } from './TextField.js';

export function HostStep({ initial, onSubmit }: { initial: string; onSubmit: (host: string) => void }) {
  return (
    <>
      <Text>IMAP server host name:</Text>
      <TextField initial={initial} onSubmit={(host) => host && onSubmit(host)} />
    </>
  );
}
