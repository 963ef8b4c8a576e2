import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeyHandler } from '../keys/use-key-handler.js';

export interface Choice<T> {
  value: T;
  label: string;
}

export interface ChoiceListProps<T> {
  choices: Choice<T>[];
  onSelect: (value: T) => void;
  /** Which choice starts highlighted (compared by `same`, default ===). */
  initial?: T;
  same?: (a: T, b: T) => boolean;
}

/** ↑/↓ (or j/k) move, Enter picks; digits pick directly. */
export function ChoiceList<T>({ choices, onSelect, initial, same = (a, b) => a === b }: ChoiceListProps<T>) {
  const [index, setIndex] = useState(() =>
    Math.max(0, initial === undefined ? 0 : choices.findIndex((c) => same(c.value, initial))),
  );
  const move = (to: number): void => setIndex(Math.max(0, Math.min(choices.length - 1, to)));
  useKeyHandler((input, key) => {
    const digit = Number(input);
    if (key.upArrow || input === 'k') move(index - 1);
    else if (key.downArrow || input === 'j') move(index + 1);
    else if (key.return) onSelect(choices[index]!.value);
    else if (Number.isInteger(digit) && digit >= 1 && digit <= choices.length) onSelect(choices[digit - 1]!.value);
  });
  return (
    <Box flexDirection="column">
      {choices.map((choice, i) => (
        <Text key={choice.label} {...(i === index ? { color: 'cyan' } : {})}>
          {i === index ? '❯' : ' '} {i + 1}. {choice.label}
        </Text>
      ))}
    </Box>
  );
}
