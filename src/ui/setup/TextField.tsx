import { useState } from 'react';
import { Text } from 'ink';
import { editLine } from '../keys/edit-line.js';
import { useKeyHandler } from '../keys/use-key-handler.js';

export interface TextFieldProps {
  /** Real text to start with (an answer being edited). */
  initial?: string;
  /** A dim suggestion shown while the field is empty: the first typed character replaces it, Enter accepts it. */
  placeholder?: string;
  /** Show bullets instead of the text (passwords). */
  mask?: boolean;
  onSubmit: (value: string) => void;
}

/** A one-line text input edited like a shell line (Backspace, Ctrl-U, Ctrl-W); Enter submits. */
export function TextField({ initial = '', placeholder = '', mask = false, onSubmit }: TextFieldProps) {
  const [value, setValue] = useState(initial);
  useKeyHandler((input, key) => {
    if (key.return) onSubmit(value.trim() || placeholder);
    else {
      const next = editLine(value, input, key);
      if (next !== undefined) setValue(next);
    }
  });
  const showPlaceholder = value === '' && placeholder !== '';
  return (
    <>
      <Text>
        <Text color="cyan">› </Text>
        {mask ? '•'.repeat([...value].length) : value}
        <Text inverse> </Text>
        {showPlaceholder && <Text dimColor>{placeholder}</Text>}
      </Text>
      <Text dimColor>
        {showPlaceholder ? `Enter keeps ${placeholder} · type to replace it` : 'Ctrl-U clears · Ctrl-W deletes a word'}
      </Text>
    </>
  );
}
