// The wizard's last step: test the login on the account the answers make, save it when the login
// works, report the problem when not. Each new attempt tests again.
import { useEffect, useState } from 'react';
import type { AccountConfig } from '../../config/types.js';
import { saveAccounts } from '../../config/own-config.js';
import { buildWizardAccount, type WizardAnswers } from './wizard-account.js';

export interface LoginTestOptions {
  /** Test only while true; the answers are fixed meanwhile. */
  active: boolean;
  answers: Partial<WizardAnswers>;
  pathEnv: { home: string; env: Record<string, string | undefined> };
  initial: AccountConfig | undefined;
  testLogin: (account: AccountConfig) => Promise<void>;
  onSaved: (account: AccountConfig) => void;
  onFailed: (problem: string) => void;
}

export interface LoginTest {
  /** Counts the attempts: a new one tests (or signs in) again. */
  attempt: number;
  /** Tests again (the caller makes the step active again). */
  retry: () => void;
  /** Saves an account whose login already worked (an OAuth sign-in). */
  save: (account: AccountConfig) => void;
}

export function useLoginTest(options: LoginTestOptions): LoginTest {
  const [attempt, setAttempt] = useState(0);
  const { active } = options;
  const save = (account: AccountConfig) => {
    try {
      saveAccounts([account], options.pathEnv);
      options.onSaved(account);
    } catch (error) {
      options.onFailed(`could not save: ${(error as Error).message}`);
    }
  };

  useEffect(() => {
    if (!active) return;
    let live = true;
    const { answers, pathEnv, initial, testLogin, onFailed } = options;
    const account = buildWizardAccount(answers as WizardAnswers, pathEnv, initial);
    testLogin(account).then(
      () => {
        if (live) save(account);
      },
      (error: unknown) => {
        if (live) onFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
    // Only a new attempt (or entering the step) tests again: the options are fixed while testing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, attempt]);

  return { attempt, retry: () => setAttempt((n) => n + 1), save };
}
