// `mailkeep login ACCOUNT`: signs an account in with OAuth2 (browser, or a code for another
// device), checks the new token on the IMAP server, and keeps the refresh token in the keyring
// (or the 0600 file the account chose). With --client-id it also switches an account that logs
// in with a password or a token command (mbsync's PassCmd) to the built-in sign-in.
import type { Command } from '../cli-args.js';
import { loadConfig } from '../config/load-config.js';
import { oauthPresetForHost, type OAuthSettings } from '../config/oauth-providers.js';
import type { AccountConfig } from '../config/types.js';
import { OAuthError, signIn, type DeviceCodePrompt } from '../engine/oauth/index.js';
import { shellWord } from '../text/shell-word.js';
import { formatDuration } from '../text/format-progress.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { SIGNAL_EXIT_CODES } from '../ui/terminal/terminal-screen.js';

/** What `mailkeep login` was asked to do: the login command of the shared CLI grammar. */
export type LoginOptions = Omit<Extract<Command, { kind: 'login' }>, 'kind'>;

export interface LoginIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Test seams: what opens the browser, how long to wait for it, the IMAP check. */
  openBrowser?: (url: string) => void;
  browserTimeoutMs?: number;
  checkToken?: (account: AccountConfig, accessToken: string) => Promise<void>;
}

const clean = (text: string) => sanitizeForTerminal(text).replace(/\s+/g, ' ');

/** The sign-in settings the account will have: its own, or new ones from --client-id. */
function settingsFor(account: AccountConfig, options: LoginOptions): OAuthSettings | string {
  const current = account.password.kind === 'oauth' ? account.password : undefined;
  if (options.clientId === undefined) {
    if (current !== undefined) return current;
    return (
      `account '${account.name}' does not sign in with OAuth; to switch it: ` +
      `mailkeep login ${shellWord(account.name)} --client-id ID (see the README on registering one)`
    );
  }
  const provider = current?.provider ?? oauthPresetForHost(account.host)?.id;
  if (provider === undefined) {
    return `no OAuth preset for ${account.host}; set the endpoints of a generic provider in the config instead`;
  }
  const { kind: _kind, ...kept } = current ?? { kind: 'oauth', tokenStore: 'keyring' as const };
  return {
    ...kept,
    provider,
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.store !== undefined ? { tokenStore: options.store } : {}),
  };
}

/** A line that counts down on a terminal (redrawn each second), or is printed once elsewhere. */
function countdown(io: LoginIo) {
  let timer: NodeJS.Timeout | undefined;
  const tty = io.stdout.isTTY === true;
  return {
    start(what: string, deadline: number) {
      const draw = () =>
        io.stdout.write(`\r\x1b[K${what}… ${formatDuration((deadline - Date.now()) / 1000)} left (Ctrl-C to cancel)`);
      if (!tty) {
        io.stdout.write(`${what} (up to ${formatDuration((deadline - Date.now()) / 1000)})…\n`);
        return;
      }
      draw();
      timer = setInterval(draw, 1000);
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      io.stdout.write('\r\x1b[K');
    },
  };
}

export async function runLogin(options: LoginOptions, io: LoginIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`mailkeep: ${clean(message)}\n`);
    return 2;
  };
  const pathEnv = { home: io.home, env: io.env };
  let loaded;
  try {
    loaded = await loadConfig({
      configPath: options.configPath,
      ...pathEnv,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  const account = loaded.accounts.find((a) => a.name === options.account);
  if (account === undefined) return fail(`no account named ${options.account} in ${loaded.source.path}`);
  const settings = settingsFor(account, options);
  if (typeof settings === 'string') return fail(settings);
  const switching = account.password.kind !== 'oauth' || options.clientId !== undefined;
  if (switching && loaded.source.kind !== 'mailkeep') {
    return fail(
      `account '${account.name}' comes from ${loaded.source.path}; run mailkeep import first, then mailkeep login`,
    );
  }
  const signedIn = { ...account, password: { kind: 'oauth' as const, ...settings } };
  const waiting = countdown(io);
  const cancel = cancelOnSignals();
  try {
    const where = await signIn(signedIn, {
      ...pathEnv,
      device: options.device,
      signal: cancel.signal,
      ...(io.openBrowser !== undefined ? { openBrowser: io.openBrowser } : {}),
      ...(io.browserTimeoutMs !== undefined ? { browserTimeoutMs: io.browserTimeoutMs } : {}),
      ...(io.checkToken !== undefined ? { checkToken: io.checkToken } : {}),
      onBrowserUrl: (url, deadline) => {
        io.stdout.write(
          `Sign in to ${clean(account.name)} in a browser ` +
            `(a listener waits on 127.0.0.1:${listenerPort(url)}):\n\n  ${url}\n\n`,
        );
        waiting.start('Waiting for the browser sign-in', deadline);
      },
      onDeviceCode: (prompt: DeviceCodePrompt) => {
        io.stdout.write(
          `To sign in to ${clean(account.name)}, open ${clean(prompt.verificationUri)} on any device ` +
            `and enter the code ${clean(prompt.userCode)}\n`,
        );
        waiting.start('Waiting for the code to be entered', prompt.deadline);
      },
      onChecking: () => {
        waiting.stop();
        io.stdout.write(`Checking the sign-in on ${clean(account.host)}…\n`);
      },
    });
    waiting.stop();
    if (switching) {
      const { saveAccounts } = await import('../config/own-config.js');
      saveAccounts([signedIn], pathEnv);
    }
    io.stdout.write(
      `Signed in: ${clean(account.name)}${account.user ? ` (${clean(account.user)})` : ''}; ` +
        `the sign-in is kept in ${where}.\n`,
    );
    return 0;
  } catch (error) {
    waiting.stop();
    const code = fail(failureLine(error, account.name, settings));
    return cancel.exitCode() ?? code;
  } finally {
    cancel.remove();
  }
}

/** ^C or SIGTERM cancels the sign-in; the exit is then 128 + the signal, as the app's is (130, 143). */
function cancelOnSignals() {
  const abort = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const stop = (signal: 'SIGINT' | 'SIGTERM') => {
    stoppedBy ??= signal;
    abort.abort();
  };
  const [onInterrupt, onTerminate] = [() => stop('SIGINT'), () => stop('SIGTERM')];
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  return {
    signal: abort.signal,
    exitCode: () => (stoppedBy !== undefined ? SIGNAL_EXIT_CODES[stoppedBy] : undefined),
    remove() {
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onTerminate);
    },
  };
}

/** What went wrong; for a keyring that cannot be used (no D-Bus session over ssh), the way to the file store. */
function failureLine(error: unknown, name: string, settings: OAuthSettings): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof OAuthError && error.code === 'OAUTH_TOKEN_STORE' && settings.tokenStore === 'keyring')) {
    return message;
  }
  const command = `mailkeep login ${shellWord(name)} --client-id ${shellWord(settings.clientId)} --store file`;
  return `${message}; to keep the sign-in in a file instead: ${command}`;
}

/** The loopback port in the URL's redirect_uri: what to forward (ssh -L) to sign in from another machine. */
function listenerPort(url: string): string {
  return new URL(new URL(url).searchParams.get('redirect_uri') ?? 'http://127.0.0.1/').port;
}
