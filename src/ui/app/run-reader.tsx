// `mailkeep read`: the reader alone, full screen, without the sync engine or the app around it.

import { readFirstScreen, type FirstScreen } from '../../reader/index.js';
import { Reader } from '../reader/Reader.js';
import type { ReaderRoot } from '../reader/reader-props.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useTerminalSize } from '../terminal/use-terminal-size.js';
import { NOT_A_TERMINAL, noColorFromEnv, resolveIO, runFullScreen, type TerminalIO } from './full-screen.js';

export interface RunReaderOptions extends TerminalIO {
  roots: ReaderRoot[];
  indexFile?: string;
  saveDir?: string;
  /** Defaults to whether NO_COLOR is set. */
  noColor?: boolean;
}

function FullScreenReader({
  noColor,
  ...props
}: {
  roots: ReaderRoot[];
  onExit: () => void;
  indexFile?: string;
  saveDir?: string;
  noColor: boolean;
  first: FirstScreen | undefined;
}) {
  const size = useTerminalSize();
  // One spare row, as in the app, so Ink never has to clear the whole screen per frame.
  return (
    <ThemeContext.Provider value={themeFor(noColor)}>
      <Reader {...props} active width={size.columns} height={size.rows - 1} />
    </ThemeContext.Provider>
  );
}

/** The reader alone (`mailkeep read`), with the same screen handling. */
export async function runReader(options: RunReaderOptions): Promise<number> {
  const io = resolveIO(options);
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    io.stderr.write(NOT_A_TERMINAL);
    return 2;
  }
  const first = await readFirstScreen(options.roots, options.indexFile);
  return runFullScreen(
    io,
    (exit) => (
      <FullScreenReader
        roots={options.roots}
        onExit={() => exit(0)}
        indexFile={options.indexFile}
        saveDir={options.saveDir}
        noColor={options.noColor ?? noColorFromEnv()}
        first={first}
      />
    ),
    { start: () => {}, stop: async () => {} },
    (code) => process.exit(code),
  );
}
