import { Box, Text } from 'ink';
import { MessageIndex } from './MessageIndex.js';
import type { ReaderState } from './reader-state.js';
import { Sidebar } from './Sidebar.js';

/** The folder list beside the open folder's messages; the folder list has the cursor while choosing (`c`). */
export function IndexScreen({ state, width, height }: { state: ReaderState; width: number; height: number }) {
  const sidebarWidth = Math.min(28, Math.floor(width / 4));
  return (
    <>
      <Sidebar
        mailboxes={state.mailboxes}
        current={state.current}
        cursor={state.mode === 'mailboxes' ? state.boxCursor : undefined}
        width={sidebarWidth}
        height={height}
      />
      <Box flexGrow={1} marginLeft={1}>
        {state.loading ? (
          <Text>{state.loading}</Text>
        ) : (
          <MessageIndex
            entries={state.entries}
            rows={state.rows}
            cursor={state.cursor}
            numberFrom={state.pending + 1}
            height={height}
            now={new Date()}
          />
        )}
      </Box>
    </>
  );
}
