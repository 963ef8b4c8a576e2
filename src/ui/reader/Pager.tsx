import { Box, Text } from 'ink';

interface Props {
  lines: string[];
  top: number;
  height: number;
  /** Row of the current search match, highlighted. */
  match?: number;
}

export function Pager({ lines, top, height, match }: Props) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      {lines.slice(top, top + height).map((line, i) => (
        <Text key={top + i} wrap="truncate-end" inverse={top + i === match}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
