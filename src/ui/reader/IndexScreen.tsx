import { Box, Text } from 'ink';
import { MessageIndex } from './MessageIndex.js';
import type { ReaderState } from './reader-state.js';
import { Sidebar } from './Sidebar.js';
import { folderTitles } from './folder-titles.js';

const INDEX_MARGIN = 1;

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
      <Box flexGrow={1} marginLeft={INDEX_MARGIN}>
        {state.loading ? (
          <Text>{state.loading}</Text>
        ) : (
          <MessageIndex
            entries={state.entries}
            rows={state.rows}
            cursor={state.cursor}
            numberFrom={state.pending + 1}
            height={height}
            width={width - sidebarWidth - INDEX_MARGIN}
            now={new Date()}
            folderOf={state.search ? folderTitles(state.mailboxes) : undefined}
          />
        )}
      </Box>
    </>
  );
}
