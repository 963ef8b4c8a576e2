// The wizard's login question: the email address, or for the "other" provider any IMAP login.
import { Text } from 'ink';
import { TextField } from './TextField.js';

export interface AddressStepProps {
  /** The "other" provider: a plain user name is a login too. */
  anyLogin: boolean;
  initial: string;
  onSubmit: (address: string) => void;
}

export function AddressStep({ anyLogin, initial, onSubmit }: AddressStepProps) {
  return (
    <>
      <Text>{anyLogin ? 'Your IMAP login (usually the email address):' : 'Your email address (the IMAP login):'}</Text>
      {/* Gmail and Fastmail log in with the address; other servers may use a plain user name. */}
      <TextField initial={initial} onSubmit={(v) => (v.includes('@') || (anyLogin && v !== '')) && onSubmit(v)} />
    </>
  );
}
