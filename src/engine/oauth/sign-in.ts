// One sign-in, as `mailkeep login` and the setup wizard run it: the browser flow (or the device
// flow when asked, or when no browser can be opened here and the provider has one), then the new
// access token is tried on the IMAP server, and only if the server takes it is the refresh token
// stored. A failure anywhere stores nothing.
import type { AccountConfig } from '../../config/types.js';
import { checkLogin } from '../check-login.js';
import { AuthTokenRejected } from '../imap/authenticate.js';
import { checkKeyring, keepSignIn, oauthAccountOf } from './access-tokens.js';
import { signInWithDeviceCode, type DeviceCodePrompt } from './device-flow.js';
import { signInWithBrowser } from './loopback-flow.js';
import { oauthClient, type TokenSet } from './oauth-client.js';
import { OAuthError } from './oauth-errors.js';
import { canOpenBrowser, openInBrowser } from './open-browser.js';

export interface SignInOptions {
  home: string;
  env: Record<string, string | undefined>;
  /** Use the device flow even where a browser could be opened. */
  device?: boolean;
  onBrowserUrl(url: string, deadline: number): void;
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  /** The provider answered; the token is being tried on the IMAP server. */
  onChecking?(): void;
  signal?: AbortSignal;
  /** Test seams: the browser, its timeout, the device flow's waits, the IMAP check. */
  openBrowser?: (url: string) => void;
  browserTimeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  checkToken?: (account: AccountConfig, accessToken: string, signal?: AbortSignal) => Promise<void>;
}

function checkWithToken(account: AccountConfig, accessToken: string, signal?: AbortSignal): Promise<void> {
  return checkLogin(account, { secret: { kind: 'token', token: accessToken }, ...(signal ? { stop: signal } : {}) });
}

async function tokensFrom(account: AccountConfig, options: SignInOptions): Promise<TokenSet> {
  const oauth = oauthAccountOf(account);
  if (oauth === undefined) {
    throw new OAuthError('OAUTH_CONFIG', `account '${account.name}' does not sign in with OAuth`);
  }
  const setup = oauthClient(account.name, oauth.oauth, {
    timeoutMs: oauth.timeoutMs,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const deviceFlow = setup.endpoints.deviceAuthorizationUrl !== undefined;
  if (options.device && !deviceFlow) {
    throw new OAuthError(
      'OAUTH_CONFIG',
      'this provider has no device sign-in for mail; sign in with a browser instead',
    );
  }
  const open =
    options.openBrowser ?? (canOpenBrowser(options.env) ? (url: string) => openInBrowser(url, options.env) : undefined);
  const signal = options.signal !== undefined ? { signal: options.signal } : {};
  if (options.device || (deviceFlow && open === undefined)) {
    return signInWithDeviceCode(setup, {
      onCode: options.onDeviceCode,
      ...signal,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }
  return signInWithBrowser(setup, {
    onUrl: (url, deadline) => {
      options.onBrowserUrl(url, deadline);
      open?.(url);
    },
    ...signal,
    ...(account.user ? { loginHint: account.user } : {}),
    ...(options.browserTimeoutMs !== undefined ? { timeoutMs: options.browserTimeoutMs } : {}),
  });
}

/** Signs the account in; returns where the sign-in is kept ("the system keyring", or the file). */
export async function signIn(account: AccountConfig, options: SignInOptions): Promise<string> {
  const kept = { home: options.home, env: options.env };
  const oauth = oauthAccountOf(account);
  if (oauth !== undefined) await checkKeyring(oauth, kept);
  const tokens = await tokensFrom(account, options);
  options.onChecking?.();
  try {
    await (options.checkToken ?? checkWithToken)(account, tokens.accessToken, options.signal);
  } catch (error) {
    // Ctrl-C while the server is asked: the connect ends at once, and nothing is stored.
    if (options.signal?.aborted) throw new OAuthError('OAUTH_TIMEOUT', 'sign-in cancelled');
    // Most often the browser was signed in as another account than the one IMAP logs in as.
    if (error instanceof Error && error.cause instanceof AuthTokenRejected && account.user) {
      const hint = `nothing was stored; sign in as ${account.user} in the browser, the user IMAP logs in as`;
      throw new Error(`${error.message}; ${hint}`, { cause: error });
    }
    throw error;
  }
  // Held only while the token is stored (never during the browser): a sync refreshing waits that long.
  return keepSignIn(oauth!, tokens, { ...kept, ...(options.signal ? { signal: options.signal } : {}) });
}
