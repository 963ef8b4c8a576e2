// The app from its first screen: the import offer or the setup wizard when there is nothing to
// sync yet, then the sync view and reader over the session's engine; `a` edits an account in
// the wizard and restarts the engine on the result.

import { Text } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { AccountConfig } from '../../config/types.js';
import { AppContainer } from './AppContainer.js';
import { commandFor } from '../keys/app-keys.js';
import type { ReaderComponent } from '../reader/reader-props.js';
import { readerRoots } from '../reader/reader-roots.js';
import { ImportOffer } from '../setup/ImportOffer.js';
import { SetupWizard, type SetupWizardProps } from '../setup/SetupWizard.js';
import type { SyncSession } from '../sync/sync-session.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useKeyHandler } from '../keys/use-key-handler.js';

export type FirstScreen = 'app' | 'setup' | 'import-offer';

export type SetupOptions = Pick<SetupWizardProps, 'home' | 'env' | 'testLogin' | 'keyringAvailable'>;

export interface MailkeepAppProps {
  session: SyncSession;
  first: FirstScreen;
  /** The accounts to start with ('app', or 'import-offer' answered n). */
  accounts: AccountConfig[];
  setup: SetupOptions;
  /** Set when the accounts come from an mbsyncrc (shown as given): they are edited there, not here. */
  foreignSource?: string;
  /** Where the import offer writes, as shown. */
  ownConfigShown?: string;
  /** Import the mbsyncrc into mailkeep's config; resolves with the imported accounts. */
  importMbsyncrc?: () => Promise<AccountConfig[]>;
  logPath: string;
  Reader?: ReaderComponent;
  readerCacheDir?: string;
  readerSaveDir?: string;
  noColor?: boolean;
  onExit: (code: number, forced?: boolean) => void;
}

type Screen =
  | { kind: 'offer'; busy?: boolean; problem?: string }
  | { kind: 'setup'; editing?: AccountConfig }
  | { kind: 'app' };

function withAccount(accounts: AccountConfig[], replaced: string | undefined, account: AccountConfig): AccountConfig[] {
  const kept = accounts.filter((a) => a.name !== replaced && a.name !== account.name);
  const at = accounts.findIndex((a) => a.name === replaced);
  return at === -1 ? [...kept, account] : [...kept.slice(0, at), account, ...kept.slice(at)];
}

export function MailkeepApp(props: MailkeepAppProps) {
  const { session, onExit } = props;
  const running = useSyncExternalStore(session.watch, session.current);
  const [screen, setScreen] = useState<Screen>(
    props.first === 'setup' ? { kind: 'setup' } : props.first === 'import-offer' ? { kind: 'offer' } : { kind: 'app' },
  );
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

  // The app's own screen handles Ctrl-C; the setup screens quit on it at once.
  useKeyHandler(
    (input, key) => {
      if (commandFor(input, key) === 'interrupt') quit();
    },
    { isActive: screen.kind !== 'app' },
  );

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

  const editAccount = (name: string | undefined): void => {
    const editing = accounts.current.find((a) => a.name === name) ?? accounts.current[0];
    setScreen({ kind: 'setup', ...(editing ? { editing } : {}) });
  };

  let body;
  if (screen.kind === 'offer') {
    body = (
      <ImportOffer
        source={props.foreignSource ?? '~/.mbsyncrc'}
        target={props.ownConfigShown ?? "mailkeep's config"}
        busy={screen.busy}
        problem={screen.problem}
        onAnswer={answerOffer}
      />
    );
  } else if (screen.kind === 'setup') {
    const { editing } = screen;
    body = (
      <SetupWizard
        {...props.setup}
        {...(editing ? { initial: editing } : {})}
        onDone={(account) => {
          setForeign(undefined);
          begin(withAccount(accounts.current, editing?.name, account));
        }}
        onCancel={() => (editing ? setScreen({ kind: 'app' }) : quit())}
      />
    );
  } else if (!running) {
    body = <Text>Starting the sync…</Text>;
  } else {
    body = (
      <AppContainer
        key={running.generation}
        store={running.store}
        engine={session}
        roots={readerRoots(running.accounts)}
        logPath={props.logPath}
        Reader={props.Reader}
        readerCacheDir={props.readerCacheDir}
        readerSaveDir={props.readerSaveDir}
        noColor={props.noColor}
        {...(foreign === undefined
          ? { onEditAccount: editAccount }
          : { editBlocked: `accounts come from ${foreign}: edit it there, or run \`mailkeep import\` to edit them here` })}
        onExit={onExit}
      />
    );
  }
  return <ThemeContext.Provider value={themeFor(Boolean(props.noColor))}>{body}</ThemeContext.Provider>;
}
