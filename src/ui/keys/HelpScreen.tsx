import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme.js';
import type { KeyTable } from './key-table.js';

interface HelpScreenProps<C extends string> {
  title: string;
  table: KeyTable<C>;
  height: number;
  width?: number;
  /** Lines below the keys, and how many rows they take. */
  footer?: { rows: number; content: ReactNode };
}

/** Any key table, in as many columns as the height needs. */
export function HelpScreen<C extends string>({ title, table, height, width, footer }: HelpScreenProps<C>) {
  const theme = useTheme();
  const keysWidth = Math.max(...table.map((b) => b.keys.length)) + 2;
  const perColumn = Math.max(1, height - 2 - (footer?.rows ?? 0));
  const columns: KeyTable<C>[] = [];
  for (let i = 0; i < table.length; i += perColumn) columns.push(table.slice(i, i + perColumn));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.accent} wrap="truncate-end">
        {title}
      </Text>
      <Text> </Text>
      <Box>
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" flexShrink={1} marginRight={2}>
            {column.map((binding) => (
              <Box key={binding.command}>
                <Box width={keysWidth} flexShrink={0}>
                  <Text bold>{binding.keys}</Text>
                </Box>
                <Text wrap="truncate-end">{binding.description}</Text>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
      {footer?.content}
    </Box>
  );
}
