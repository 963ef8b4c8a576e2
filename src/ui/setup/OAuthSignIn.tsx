// The wizard's sign-in step: runs the injected sign-in (the UI never talks to the provider or the
// IMAP server itself) and shows what the user has to do — a URL to open, or a code to enter on
// another device — with the time left. Leaving the step (Esc) cancels the sign-in.
import { useEffect, useState } from 'react';
import { Text } from 'ink';
import type { AccountConfig } from '../../config/types.js';
import type { DeviceCodePrompt } from '../../engine/oauth/index.js';
import { formatDuration } from '../../text/format-progress.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { useNow } from '../app/use-now.js';

export interface SignInPrompts {
  onBrowserUrl(url: string, deadline: number): void;
  onDeviceCode(prompt: DeviceCodePrompt): void;
  /** The provider answered; the new token is being tried on the IMAP server. */
  onChecking(): void;
}

/** Signs the account in and stores the sign-in; resolves with where it is kept. */
export type WizardSignIn = (account: AccountConfig, prompts: SignInPrompts, signal: AbortSignal) => Promise<string>;

type View =
  | { kind: 'starting' }
  | { kind: 'browser'; url: string; deadline: number }
  | { kind: 'device'; prompt: DeviceCodePrompt }
  | { kind: 'checking' };

export interface OAuthSignInProps {
  account: AccountConfig;
  signIn: WizardSignIn;
  onSignedIn: (where: string) => void;
  onFailed: (problem: string) => void;
}

export function OAuthSignIn({ account, signIn, onSignedIn, onFailed }: OAuthSignInProps) {
  const [view, setView] = useState<View>({ kind: 'starting' });
  const now = useNow(view.kind === 'browser' || view.kind === 'device');
  useEffect(() => {
    const abort = new AbortController();
    let live = true;
    signIn(
      account,
      {
        onBrowserUrl: (url, deadline) => live && setView({ kind: 'browser', url, deadline }),
        onDeviceCode: (prompt) => live && setView({ kind: 'device', prompt }),
        onChecking: () => live && setView({ kind: 'checking' }),
      },
      abort.signal,
    ).then(
      (where) => live && onSignedIn(where),
      (error: unknown) => live && onFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
      abort.abort();
    };
    // One sign-in per mount: the wizard mounts this step afresh for every attempt.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const left = (deadline: number) => `${formatDuration((deadline - now) / 1000)} left`;
  switch (view.kind) {
    case 'starting':
      return <Text>Starting the sign-in…</Text>;
    case 'browser':
      return (
        <>
          <Text>Sign in in the browser (opened where there is one), or open this URL:</Text>
          <Text color="cyan">{sanitizeForTerminal(view.url)}</Text>
          <Text dimColor>Waiting for the browser… {left(view.deadline)} · Esc to go back</Text>
        </>
      );
    case 'device':
      return (
        <>
          <Text>On any device, open {sanitizeForTerminal(view.prompt.verificationUri)} and enter the code</Text>
          <Text bold color="cyan">
            {' '}
            {sanitizeForTerminal(view.prompt.userCode)}
          </Text>
          <Text dimColor>Waiting for the code to be entered… {left(view.prompt.deadline)} · Esc to go back</Text>
        </>
      );
    case 'checking':
      return <Text>Signed in with the provider; checking the login on {sanitizeForTerminal(account.host)}…</Text>;
  }
}
