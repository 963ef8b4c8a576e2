// Picks the layout for the current screen and dialog; owns no state.

import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { ProgressSnapshot } from '../engine/progress-snapshot.js';
import { HelpScreen } from './HelpScreen.js';
import { QuitDialog, type QuitStage } from './QuitDialog.js';
import { SyncView } from './sync/SyncView.js';
import type { TableLines } from './sync/table-lines.js';
import type { ScrollState } from './sync/table-scroll.js';

export type Screen = 'sync' | 'reader';
export type Dialog = 'help' | QuitStage | null;

export interface AppProps {
  screen: Screen;
  dialog: Dialog;
  snapshot: ProgressSnapshot;
  table: TableLines;
  scroll: ScrollState;
  showErrors: boolean;
  logPath: string;
  width: number;
  /** Height of the main area (the quit dialog, when shown, sits below it). */
  height: number;
  now: number;
  /** The reader, once opened; kept mounted (hidden) so it keeps its place. */
  reader: ReactNode;
}

export function App(props: AppProps) {
  const { screen, dialog, width, height } = props;
  const quitStage = dialog === 'confirm' || dialog === 'stopping' ? dialog : null;
  return (
    <Box flexDirection="column" width={width}>
      {screen === 'sync' && dialog === 'help' ? <HelpScreen width={width} height={height} /> : null}
      {screen === 'sync' && dialog !== 'help' ? (
        <SyncView
          snapshot={props.snapshot}
          table={props.table}
          scroll={props.scroll}
          showErrors={props.showErrors}
          logPath={props.logPath}
          width={width}
          height={height}
          now={props.now}
        />
      ) : null}
      {props.reader ? (
        <Box display={screen === 'reader' ? 'flex' : 'none'} width={width} height={height}>
          {props.reader}
        </Box>
      ) : null}
      {quitStage ? <QuitDialog stage={quitStage} width={width} /> : null}
    </Box>
  );
}
