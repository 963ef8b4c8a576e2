// First-run setup: provider → (host, port) → address → password source (or, for Google and
// Microsoft with OAuth, the client ID and where the sign-in is kept) → local folder → test login
// (or the sign-in) → save to mailkeep's config. Esc goes back one step (or cancels on the first).
import path from 'node:path';
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { AccountConfig } from '../../config/types.js';
import { TOKEN_FILE } from '../../config/oauth-providers.js';
import { PRESETS, type Preset } from '../../config/presets.js';
import { accountStateDir, ownConfigPath, tildify } from '../../config/paths.js';
import { findExecutable } from '../../engine/credentials.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { ChoiceList, type Choice } from './ChoiceList.js';
import { OAuthClientSteps } from './OAuthClientSteps.js';
import { PasswordValueStep } from './PasswordValueStep.js';
import { TextField } from './TextField.js';
import { useLoginTest } from './use-login-test.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { useWizardSteps } from './use-wizard-steps.js';
import { OAuthSignIn, type WizardSignIn } from './OAuthSignIn.js';
import {
  buildWizardAccount,
  defaultFolder,
  keyringAttributes,
  type PasswordKind,
  type WizardAnswers,
} from './wizard-account.js';

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
  const { step, setStep, answers, problem, setProblem, update } = useWizardSteps(initial, home, onCancel);
  const [saved, setSaved] = useState(false);
  const pathEnv = { home, env };
  const withKeyring = keyringAvailable ?? findExecutable('secret-tool', env) !== undefined;

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
    onFailed: (failure) => {
      setProblem(failure);
      setStep('failed');
    },
  });
  const wizardAccount = () => buildWizardAccount(answers as WizardAnswers, pathEnv, initial);

  const preset = answers.preset;
  // A new account is named after its preset (wizard-account.ts), and so is its state directory.
  const stateDirShown = initial?.stateDir ?? (preset ? accountStateDir(preset.id, pathEnv) : '');
  const address = answers.address ?? '';
  const kind = answers.passwordKind;
  const passwordChoices: Choice<PasswordKind>[] = [
    { value: 'command', label: 'Run a command that prints it (like mbsync PassCmd, e.g. pass)' },
    { value: 'env', label: 'Read an environment variable' },
    ...(withKeyring ? [{ value: 'keyring' as const, label: 'System keyring (secret-tool)' }] : []),
    { value: 'plain', label: 'Store it in mailkeep’s config file (not recommended)' },
  ];

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{initial ? `mailkeep: edit account ${sanitizeForTerminal(initial.name)}` : 'mailkeep setup'}</Text>
      <Text dimColor>Enter to continue · Esc to go back</Text>
      <Box marginTop={1} flexDirection="column">
        {step === 'provider' && (
          <>
            <Text>Which mail provider?</Text>
            <ChoiceList
              choices={PRESETS.filter((p) => p.oauth === undefined || signIn !== undefined).map((p) => ({
                value: p,
                label: p.id === 'other' ? p.label : `${p.label} (${p.host})`,
              }))}
              initial={answers.preset}
              same={(a, b) => a.id === b.id}
              onSelect={(p: Preset) =>
                update(
                  p.id === answers.preset?.id
                    ? {}
                    : p.id === 'other'
                      ? { preset: p, host: undefined, port: undefined }
                      : { preset: p, host: p.host, port: p.port },
                  p.id === 'other' ? 'host' : 'address',
                )
              }
            />
          </>
        )}
        {step === 'host' && (
          <>
            <Text>IMAP server host name:</Text>
            <TextField initial={answers.host ?? ''} onSubmit={(host) => host && update({ host }, 'port')} />
          </>
        )}
        {step === 'port' && (
          <>
            <Text>Port (993 = IMAPS, 143 = STARTTLS):</Text>
            <TextField
              initial={answers.port === undefined ? '' : String(answers.port)}
              placeholder={String(preset?.port ?? 993)}
              onSubmit={(v) => {
                const port = Number(v);
                if (Number.isInteger(port) && port >= 1 && port <= 65535) update({ port }, 'address');
                else setProblem(`port must be 1–65535, not '${sanitizeForTerminal(v)}'`);
              }}
            />
            {problem !== '' && <Text color="red">{problem}</Text>}
          </>
        )}
        {step === 'address' && (
          <>
            <Text>
              {preset?.id === 'other'
                ? 'Your IMAP login (usually the email address):'
                : 'Your email address (the IMAP login):'}
            </Text>
            {/* Gmail and Fastmail log in with the address; other servers may use a plain user name. */}
            <TextField
              initial={address}
              onSubmit={(v) =>
                (v.includes('@') || (preset?.id === 'other' && v !== '')) &&
                update({ address: v }, oauth ? 'oauth-client' : 'password-kind')
              }
            />
          </>
        )}
        {step === 'password-kind' && (
          <>
            <Text>{preset?.help}</Text>
            <Text>Where should mailkeep get the password?</Text>
            <ChoiceList
              choices={passwordChoices}
              initial={kind}
              onSelect={(k) =>
                update(
                  k === kind ? {} : { passwordKind: k, passwordValue: undefined },
                  k === 'keyring' ? 'folder' : 'password-value',
                )
              }
            />
          </>
        )}
        {step === 'password-value' && (
          <PasswordValueStep
            kind={kind}
            initial={answers.passwordValue ?? ''}
            address={address}
            onSubmit={(v) => update({ passwordValue: v }, 'folder')}
          />
        )}
        {step === 'oauth-client' && oauth && (
          <OAuthClientSteps
            provider={oauth}
            {...(answers.oauth ? { initial: answers.oauth } : {})}
            keyringAvailable={withKeyring}
            tokenFileShown={tildify(path.join(stateDirShown, TOKEN_FILE), home)}
            onDone={(settings) => update({ passwordKind: 'oauth', passwordValue: '', oauth: settings }, 'folder')}
            onBack={() => setStep('address')}
          />
        )}
        {step === 'folder' && (
          <>
            {kind === 'keyring' && (
              <Text>
                Store the password once with: secret-tool store --label=mailkeep{' '}
                {Object.entries(keyringAttributes(address)).flat().join(' ')}
              </Text>
            )}
            <Text>Local folder for the backup:</Text>
            <TextField
              initial={answers.folder ?? ''}
              placeholder={defaultFolder({ preset: preset!, host: answers.host ?? '' })}
              onSubmit={(v) => v && update({ folder: v }, oauth ? 'signing-in' : 'testing')}
            />
          </>
        )}
        {step === 'testing' && (
          <Text>
            Testing login to {answers.host}:{answers.port} as {address}…
          </Text>
        )}
        {step === 'signing-in' && signIn && (
          <OAuthSignIn
            key={login.attempt}
            account={wizardAccount()}
            signIn={signIn}
            onSignedIn={() => login.save(wizardAccount())}
            onFailed={(error: unknown) => {
              setProblem(error instanceof Error ? error.message : String(error));
              setStep('failed');
            }}
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

function FailedStep({ problem, what, onRetry }: { problem: string; what: string; onRetry: () => void }) {
  useKeyHandler((_input, key) => {
    if (key.return) onRetry();
  });
  return (
    <>
      <Text color="red">
        {what} failed: {sanitizeForTerminal(problem.split('\n')[0] ?? '')}
      </Text>
      <Text>
        Enter to try again · Esc to change {what === 'Login' ? 'the password source' : 'the client or the store'}
      </Text>
    </>
  );
}
