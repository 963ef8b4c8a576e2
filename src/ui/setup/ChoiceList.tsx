import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeyHandler } from '../use-key-handler.js';

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
  const [index, setIndex] = useState(() => Math.max(0, initial === undefined ? 0 : choices.findIndex((c) => same(c.value, initial))));
  // Keys of one read (`jj`, `j` + Enter) are handled before a redraw; each sees the last move.
  const current = useRef(index);
  const move = (to: number): void => {
    current.current = Math.max(0, Math.min(choices.length - 1, to));
    setIndex(current.current);
  };
  useKeyHandler((input, key) => {
    const digit = Number(input);
    if (key.upArrow || input === 'k') move(current.current - 1);
    else if (key.downArrow || input === 'j') move(current.current + 1);
    else if (key.return) onSelect(choices[current.current]!.value);
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
