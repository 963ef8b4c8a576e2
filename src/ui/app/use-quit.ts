// The way out of the app: `q` asks while a pass runs and stops the engine on `y`; Ctrl-C asks
// once and forces the exit on the second press; the exit is reported exactly once.
import type { Key } from 'ink';
import { useRef, useState } from 'react';
import type { SyncEngine } from '../../engine/events.js';
import type { Dialog } from './App.js';
import type { Command } from '../keys/app-keys.js';

const FORCED_EXIT_CODE = 130;

export interface Quit {
  /** The quit dialogs and the help screen, which share the one dialog slot. */
  dialog: Dialog;
  setDialog: (dialog: Dialog) => void;
  requestQuit: () => void;
  /** Takes the key if the quit flow owns it (Ctrl-C, or a quit dialog is open); true when taken. */
  takeKey: (input: string, key: Key, command: Command | undefined) => boolean;
}

/** `onExit`: 0 after a clean stop, 1 when the stop failed, 130 and `forced` when the user would not wait. */
export function useQuit(
  engine: Pick<SyncEngine, 'stop'>,
  running: boolean,
  onExit: (code: number, forced?: boolean) => void,
): Quit {
  const [dialog, setDialog] = useState<Dialog>(null);
  const interrupted = useRef(false);
  const stopping = useRef(false);
  const exited = useRef(false);

  const exit = (code: number, forced = false): void => {
    if (exited.current) return;
    exited.current = true;
    onExit(code, forced);
  };

  const stopAndExit = (): void => {
    if (stopping.current) return;
    stopping.current = true;
    setDialog('stopping');
    engine.stop().then(
      () => exit(0),
      () => exit(1),
    );
  };

  const requestQuit = (): void => {
    if (dialog === 'stopping') return;
    if (running) setDialog('confirm');
    else stopAndExit();
  };

  const takeKey = (input: string, key: Key, command: Command | undefined): boolean => {
    if (command === 'interrupt') {
      if (interrupted.current || stopping.current) exit(FORCED_EXIT_CODE, true);
      else {
        interrupted.current = true;
        requestQuit();
      }
      return true;
    }
    if (dialog === 'confirm') {
      if (input === 'y' || input === 'Y') stopAndExit();
      else if (input === 'n' || input === 'N' || key.escape) {
        interrupted.current = false;
        setDialog(null);
      }
    }
    return dialog === 'confirm' || dialog === 'stopping';
  };

  return { dialog, setDialog, requestQuit, takeKey };
}
