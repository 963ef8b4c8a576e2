// Picks the layout for the current screen and dialog; owns no state.

import { Box } from 'ink';
import type { ReactNode } from 'react';
import { AppHelp } from './AppHelp.js';
import { QuitDialog, type QuitStage } from './QuitDialog.js';
import { SyncView, type SyncViewProps } from '../sync/SyncView.js';

export type Screen = 'sync' | 'reader';
export type Dialog = 'help' | QuitStage | null;

export interface AppProps extends SyncViewProps {
  screen: Screen;
  dialog: Dialog;
  /** The reader, once opened; kept mounted (hidden) so it keeps its place. */
  reader: ReactNode;
}

/** `height` is the main area's; the quit dialog, when shown, sits below it. */
export function App({ screen, dialog, reader, ...syncView }: AppProps) {
  const { width, height } = syncView;
  const quitStage = dialog === 'confirm' || dialog === 'stopping' ? dialog : null;
  return (
    <Box flexDirection="column" width={width}>
      {screen === 'sync' && dialog === 'help' ? (
        <AppHelp width={width} height={height} logPath={syncView.logPath} />
      ) : null}
      {screen === 'sync' && dialog !== 'help' ? <SyncView {...syncView} /> : null}
      {reader ? (
        <Box display={screen === 'reader' ? 'flex' : 'none'} width={width} height={height}>
          {reader}
        </Box>
      ) : null}
      {quitStage ? <QuitDialog stage={quitStage} width={width} /> : null}
    </Box>
  );
}
