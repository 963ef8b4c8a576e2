import { useState } from 'react';
import { Text } from 'ink';
import { useKeyHandler } from '../use-key-handler.js';

export interface TextFieldProps {
  initial?: string;
  /** Show bullets instead of the text (passwords). */
  mask?: boolean;
  onSubmit: (value: string) => void;
}

/** A one-line text input: printable keys append, Backspace deletes, Enter submits. */
export function TextField({ initial = '', mask = false, onSubmit }: TextFieldProps) {
  const [value, setValue] = useState(initial);
  useKeyHandler((input, key) => {
    if (key.return) onSubmit(value.trim());
    else if (key.backspace || key.delete) setValue(value.slice(0, -1));
    else if (!key.ctrl && !key.meta && !key.escape && !key.upArrow && !key.downArrow && !key.tab) {
      // eslint-disable-next-line no-control-regex
      setValue(value + input.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''));
    }
  });
  return (
    <Text>
      <Text color="cyan">› </Text>
      {mask ? '•'.repeat(value.length) : value}
      <Text inverse> </Text>
    </Text>
  );
}
