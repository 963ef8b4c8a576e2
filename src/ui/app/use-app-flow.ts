// Which of the app's screens shows (import offer, setup wizard, sync app), the accounts the
// session runs on, and the moves between them: start on accounts, import, edit, quit.
import { useEffect, useRef, useState } from 'react';
import type { AccountConfig } from '../../config/types.js';
import type { SyncSession } from '../sync/sync-session.js';
import type { MailkeepAppProps } from './MailkeepApp.js';

export type AppScreen =
  { kind: 'offer'; busy?: boolean; problem?: string } | { kind: 'setup'; editing?: AccountConfig } | { kind: 'app' };

export interface AppFlow {
  screen: AppScreen;
  /** The mbsyncrc the accounts come from, until they are imported or set up here. */
  foreign: string | undefined;
  answerOffer: (importIt: boolean) => void;
  /** The wizard's account replaces `editing` (or is added) and the session restarts on the list. */
  setupDone: (account: AccountConfig, editing: AccountConfig | undefined) => void;
  editAccount: (name: string | undefined) => void;
  backToApp: () => void;
  quit: () => void;
}

function withAccount(accounts: AccountConfig[], replaced: string | undefined, account: AccountConfig): AccountConfig[] {
  const kept = accounts.filter((a) => a.name !== replaced && a.name !== account.name);
  const at = accounts.findIndex((a) => a.name === replaced);
  return at === -1 ? [...kept, account] : [...kept.slice(0, at), account, ...kept.slice(at)];
}

function firstScreen(first: MailkeepAppProps['first']): AppScreen {
  return first === 'setup' ? { kind: 'setup' } : first === 'import-offer' ? { kind: 'offer' } : { kind: 'app' };
}

export function useAppFlow(props: MailkeepAppProps, session: SyncSession): AppFlow {
  const { onExit } = props;
  const [screen, setScreen] = useState<AppScreen>(() => firstScreen(props.first));
  const [foreign, setForeign] = useState(props.foreignSource);
  const accounts = useRef(props.accounts);
  const quitting = useRef(false);

  const begin = (next: AccountConfig[]): void => {
    accounts.current = next;
    setScreen({ kind: 'app' });
    session.start(next).catch(() => onExit(1));
  };

  const quit = (): void => {
    if (quitting.current) return;
    quitting.current = true;
    session.stop().then(
      () => onExit(0),
      () => onExit(1),
    );
  };

  useEffect(() => {
    if (props.first === 'app') begin(props.accounts);
    // Only the first screen starts the engine by itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const answerOffer = (importIt: boolean): void => {
    if (!importIt || !props.importMbsyncrc) return begin(props.accounts);
    setScreen({ kind: 'offer', busy: true });
    props.importMbsyncrc().then(
      (imported) => {
        setForeign(undefined);
        begin(imported);
      },
      (error: unknown) => setScreen({ kind: 'offer', problem: error instanceof Error ? error.message : String(error) }),
    );
  };

  const setupDone = (account: AccountConfig, editing: AccountConfig | undefined): void => {
    setForeign(undefined);
    begin(withAccount(accounts.current, editing?.name, account));
  };

  const editAccount = (name: string | undefined): void => {
    const editing = accounts.current.find((a) => a.name === name) ?? accounts.current[0];
    setScreen({ kind: 'setup', ...(editing ? { editing } : {}) });
  };

  return { screen, foreign, answerOffer, setupDone, editAccount, backToApp: () => setScreen({ kind: 'app' }), quit };
}
