// First-run setup: provider → (host, port) → address → password source (or, for Google and
// Microsoft with OAuth, the client ID and where the sign-in is kept) → local folder → test login
// (or the sign-in) → save to mailkeep's config. Esc goes back one step (or cancels on the first).
// The questions up to the folder are WizardQuestion's; the login steps are here.
import path from 'node:path';
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { AccountConfig } from '../../config/types.js';
import { TOKEN_FILE } from '../../config/oauth-providers.js';
import { accountStateDir, ownConfigPath, tildify } from '../../config/paths.js';
import { findExecutable } from '../../engine/credentials.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { FailedStep } from './FailedStep.js';
import { useLoginTest } from './use-login-test.js';
import { useWizardSteps } from './use-wizard-steps.js';
import { OAuthSignIn, type WizardSignIn } from './OAuthSignIn.js';
import { buildWizardAccount, type WizardAnswers } from './wizard-account.js';
import { WizardQuestion } from './WizardQuestion.js';

export interface SetupWizardProps {
  home: string;
  env: Record<string, string | undefined>;
  testLogin: (account: AccountConfig) => Promise<void>;
  /** Signs an OAuth account in (and keeps the sign-in); without it the OAuth presets are not offered. */
  signIn?: WizardSignIn;
  onDone: (account: AccountConfig) => void;
  onCancel: () => void;
  /** Offer the system keyring; default: whether `secret-tool` is on PATH. */
  keyringAvailable?: boolean;
  /** Edit this account: every answer starts as it is, and the account keeps its name. */
  initial?: AccountConfig;
}

export function SetupWizard(props: SetupWizardProps) {
  const { home, env, testLogin, signIn, onDone, onCancel, keyringAvailable, initial } = props;
  const wizard = useWizardSteps(initial, home, onCancel);
  const { step, setStep, answers, problem, setProblem } = wizard;
  const [saved, setSaved] = useState(false);
  const pathEnv = { home, env };
  const withKeyring = keyringAvailable ?? findExecutable('secret-tool', env) !== undefined;
  const fail = (why: string) => {
    setProblem(why);
    setStep('failed');
  };

  const oauth = answers.preset?.oauth;
  const login = useLoginTest({
    active: step === 'testing',
    answers,
    pathEnv,
    initial,
    testLogin,
    onSaved: (account) => {
      setSaved(true);
      onDone(account);
    },
    onFailed: fail,
  });
  const wizardAccount = () => buildWizardAccount(answers as WizardAnswers, pathEnv, initial);
  // A new account is named after its preset (wizard-account.ts), and so is its state directory.
  const stateDirShown = initial?.stateDir ?? (answers.preset ? accountStateDir(answers.preset.id, pathEnv) : '');

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{initial ? `mailkeep: edit account ${sanitizeForTerminal(initial.name)}` : 'mailkeep setup'}</Text>
      <Text dimColor>Enter to continue · Esc to go back</Text>
      <Box marginTop={1} flexDirection="column">
        <WizardQuestion
          key={step}
          wizard={wizard}
          offerOAuth={signIn !== undefined}
          withKeyring={withKeyring}
          tokenFileShown={tildify(path.join(stateDirShown, TOKEN_FILE), home)}
        />
        {step === 'testing' && (
          <Text>
            Testing login to {answers.host}:{answers.port} as {answers.address ?? ''}…
          </Text>
        )}
        {step === 'signing-in' && signIn && (
          <OAuthSignIn
            key={login.attempt}
            account={wizardAccount()}
            signIn={signIn}
            onSignedIn={() => login.save(wizardAccount())}
            onFailed={(error: unknown) => fail(error instanceof Error ? error.message : String(error))}
          />
        )}
        {step === 'failed' && (
          <FailedStep
            problem={problem}
            what={oauth ? 'Sign-in' : 'Login'}
            onRetry={() => {
              setStep(oauth ? 'signing-in' : 'testing');
              login.retry();
            }}
          />
        )}
      </Box>
      <Box marginTop={1}>
        <Text dimColor>
          {saved ? 'Saved to' : 'Will be saved to'} {tildify(ownConfigPath(pathEnv), home)}
        </Text>
      </Box>
    </Box>
  );
}
