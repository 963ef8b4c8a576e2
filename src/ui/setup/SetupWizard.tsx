// First-run setup: provider → (host, port) → address → password source → local folder → test
// login → save to mailkeep's config. Esc goes back one step (or cancels on the first).
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { AccountConfig } from '../../config/types.js';
import { PRESETS, type Preset } from '../../config/presets.js';
import { saveAccounts } from '../../config/own-config.js';
import { ownConfigPath, tildify } from '../../config/paths.js';
import { findExecutable } from '../../engine/credentials.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { ChoiceList, type Choice } from './ChoiceList.js';
import { TextField } from './TextField.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import {
  answersFromAccount, buildWizardAccount, defaultFolder, defaultPasswordValue, keyringAttributes, type PasswordKind, type WizardAnswers,
} from './wizard-account.js';

export interface SetupWizardProps {
  home: string;
  env: Record<string, string | undefined>;
  testLogin: (account: AccountConfig) => Promise<void>;
  onDone: (account: AccountConfig) => void;
  onCancel: () => void;
  /** Offer the system keyring; default: whether `secret-tool` is on PATH. */
  keyringAvailable?: boolean;
  /** Edit this account: every answer starts as it is, and the account keeps its name. */
  initial?: AccountConfig;
}

type Step = 'provider' | 'host' | 'port' | 'address' | 'password-kind' | 'password-value' | 'folder' | 'testing' | 'failed';

const PREVIOUS: Record<Step, Step | null> = {
  provider: null, host: 'provider', port: 'host', address: 'provider', 'password-kind': 'address',
  'password-value': 'password-kind', folder: 'password-kind', testing: 'folder', failed: 'password-kind',
};

export function SetupWizard({ home, env, testLogin, onDone, onCancel, keyringAvailable, initial }: SetupWizardProps) {
  const [step, setStep] = useState<Step>('provider');
  const [answers, setAnswers] = useState<Partial<WizardAnswers>>(() => (initial ? answersFromAccount(initial, home) : {}));
  const [problem, setProblem] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const pathEnv = { home, env };
  const withKeyring = keyringAvailable ?? findExecutable('secret-tool', env) !== undefined;
  const update = (patch: Partial<WizardAnswers>, next: Step) => {
    setAnswers((a) => ({ ...a, ...patch }));
    setProblem('');
    setStep(next);
  };

  useKeyHandler((_input, key) => {
    if (!key.escape || step === 'testing') return;
    const previous =
      step === 'address' && answers.preset?.id === 'other' ? 'port'
      : step === 'folder' && answers.passwordKind !== 'keyring' ? 'password-value'
      : PREVIOUS[step];
    if (previous) setStep(previous);
    else onCancel();
  });

  useEffect(() => {
    if (step !== 'testing') return;
    let live = true;
    const account = buildWizardAccount(answers as WizardAnswers, pathEnv, initial);
    testLogin(account).then(
      () => {
        if (!live) return;
        try {
          saveAccounts([account], pathEnv);
          setSaved(true);
          onDone(account);
        } catch (error) {
          setProblem(`could not save: ${(error as Error).message}`);
          setStep('failed');
        }
      },
      (error: unknown) => {
        if (!live) return;
        setProblem(error instanceof Error ? error.message : String(error));
        setStep('failed');
      },
    );
    return () => {
      live = false;
    };
    // A new attempt re-runs the test; answers are fixed while testing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step, attempt]);

  const preset = answers.preset;
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
              choices={PRESETS.map((p) => ({ value: p, label: p.id === 'other' ? p.label : `${p.label} (${p.host})` }))}
              initial={answers.preset}
              same={(a, b) => a.id === b.id}
              onSelect={(p: Preset) =>
                update(
                  p.id === answers.preset?.id ? {}
                  : p.id === 'other' ? { preset: p, host: undefined, port: undefined }
                  : { preset: p, host: p.host, port: p.port },
                  p.id === 'other' ? 'host' : 'address',
                )}
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
            <Text>{preset?.id === 'other' ? 'Your IMAP login (usually the email address):' : 'Your email address (the IMAP login):'}</Text>
            {/* Gmail and Fastmail log in with the address; other servers may use a plain user name. */}
            <TextField initial={address} onSubmit={(v) => (v.includes('@') || (preset?.id === 'other' && v !== '')) && update({ address: v }, 'password-kind')} />
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
                update(k === kind ? {} : { passwordKind: k, passwordValue: undefined }, k === 'keyring' ? 'folder' : 'password-value')}
            />
          </>
        )}
        {step === 'password-value' && kind === 'command' && (
          <>
            <Text>Command that prints the password:</Text>
            <TextField
              initial={answers.passwordValue ?? ''}
              placeholder={defaultPasswordValue(kind, address)}
              onSubmit={(v) => v && update({ passwordValue: v }, 'folder')}
            />
          </>
        )}
        {step === 'password-value' && kind === 'env' && (
          <>
            <Text>Environment variable holding the password:</Text>
            <TextField
              initial={answers.passwordValue ?? ''}
              placeholder={defaultPasswordValue(kind, address)}
              onSubmit={(v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && update({ passwordValue: v }, 'folder')}
            />
          </>
        )}
        {step === 'password-value' && kind === 'plain' && (
          <>
            <Text color="yellow">Warning: the password will be saved unencrypted in mailkeep’s config file (readable only by you).</Text>
            <Text>Password:</Text>
            <TextField mask initial={answers.passwordValue ?? ''} onSubmit={(v) => v && update({ passwordValue: v }, 'folder')} />
          </>
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
              onSubmit={(v) => v && update({ folder: v }, 'testing')}
            />
          </>
        )}
        {step === 'testing' && <Text>Testing login to {answers.host}:{answers.port} as {address}…</Text>}
        {step === 'failed' && <FailedStep problem={problem} onRetry={() => { setStep('testing'); setAttempt((n) => n + 1); }} />}
      </Box>
      <Box marginTop={1}>
        <Text dimColor>{saved ? 'Saved to' : 'Will be saved to'} {tildify(ownConfigPath(pathEnv), home)}</Text>
      </Box>
    </Box>
  );
}

function FailedStep({ problem, onRetry }: { problem: string; onRetry: () => void }) {
  useKeyHandler((_input, key) => {
    if (key.return) onRetry();
  });
  return (
    <>
      <Text color="red">Login failed: {sanitizeForTerminal(problem.split('\n')[0] ?? '')}</Text>
      <Text>Enter to try again · Esc to change the password source</Text>
    </>
  );
}
