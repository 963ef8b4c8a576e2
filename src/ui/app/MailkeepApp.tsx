// The app from its first screen: the import offer or the setup wizard when there is nothing to
// sync yet, then the sync view and reader over the session's engine; `a` edits an account in
// the wizard and restarts the engine on the result (the moves: use-app-flow.ts).

import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { AccountConfig } from '../../config/types.js';
import { AppContainer } from './AppContainer.js';
import { commandFor } from '../keys/app-keys.js';
import type { ReaderComponent } from '../reader/reader-props.js';
import { readerRoots } from '../reader/reader-roots.js';
import { ImportOffer } from '../setup/ImportOffer.js';
import { SetupWizard, type SetupWizardProps } from '../setup/SetupWizard.js';
import type { SyncSession } from '../sync/sync-session.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useAppFlow } from './use-app-flow.js';
import { useKeyHandler } from '../keys/use-key-handler.js';

export type FirstScreen = 'app' | 'setup' | 'import-offer';

export type SetupOptions = Pick<SetupWizardProps, 'home' | 'env' | 'testLogin' | 'signIn' | 'keyringAvailable'>;

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
  readerIndexFile?: string;
  readerSaveDir?: string;
  noColor?: boolean;
  /** Ring the terminal bell when new mail is stored. */
  bell?: boolean;
  onExit: (code: number, forced?: boolean) => void;
}

export function MailkeepApp(props: MailkeepAppProps) {
  const { session, onExit } = props;
  const running = useSyncExternalStore(session.watch, session.current);
  const flow = useAppFlow(props, session);
  const { screen, foreign } = flow;

  // The app's own screen handles Ctrl-C; the setup screens quit on it at once.
  useKeyHandler(
    (input, key) => {
      if (commandFor(input, key) === 'interrupt') flow.quit();
    },
    { isActive: screen.kind !== 'app' },
  );

  let body;
  if (screen.kind === 'offer') {
    body = (
      <ImportOffer
        source={props.foreignSource ?? '~/.mbsyncrc'}
        target={props.ownConfigShown ?? "mailkeep's config"}
        busy={screen.busy}
        problem={screen.problem}
        onAnswer={flow.answerOffer}
      />
    );
  } else if (screen.kind === 'setup') {
    const { editing } = screen;
    body = (
      <SetupWizard
        {...props.setup}
        {...(editing ? { initial: editing } : {})}
        onDone={(account) => flow.setupDone(account, editing)}
        onCancel={() => (editing ? flow.backToApp() : flow.quit())}
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
        readerIndexFile={props.readerIndexFile}
        readerSaveDir={props.readerSaveDir}
        noColor={props.noColor}
        bell={props.bell}
        {...(foreign === undefined
          ? { onEditAccount: flow.editAccount }
          : {
              editBlocked: `accounts come from ${foreign}: edit it there, or run \`mailkeep import\` to edit them here`,
            })}
        onExit={onExit}
      />
    );
  }
  return <ThemeContext.Provider value={themeFor(Boolean(props.noColor))}>{body}</ThemeContext.Provider>;
}
