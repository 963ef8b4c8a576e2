import path from 'node:path';
import { Box, Text } from 'ink';
import { MessageIndex } from './MessageIndex.js';
import type { ReaderState } from './reader-state.js';
import { Sidebar } from './Sidebar.js';
import { mailboxTitle } from './sidebar-labels.js';
import type { IndexEntry, MailboxInfo } from '../../reader/index.js';

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

/** A search's results come from every folder: each row names its own (one the reader does not list by its directory's name). */
function folderTitles(mailboxes: MailboxInfo[]): (entry: IndexEntry) => string {
  const multiAccount = new Set(mailboxes.map((m) => m.account)).size > 1;
  const titles = new Map(mailboxes.map((m) => [m.path, mailboxTitle(m, multiAccount)]));
  return ({ folderPath }) => (folderPath === undefined ? '' : (titles.get(folderPath) ?? path.basename(folderPath)));
}
