// One sign-in, as `mailkeep login` and the setup wizard run it: the browser or the device flow,
// then the new access token is tried on the IMAP server, and only if the server takes it is the
// refresh token stored. A failure anywhere stores nothing.
import { keepSignIn, type OAuthAccount } from './access-tokens.js';
import { signInWithDeviceCode, type DeviceCodePrompt } from './device-flow.js';
import { signInWithBrowser } from './loopback-flow.js';
import { oauthClient } from './oauth-client.js';

export type SignInFlow = 'browser' | 'device';

export interface SignInOptions {
  flow: SignInFlow;
  home: string;
  env: Record<string, string | undefined>;
  /** The IMAP login name, passed to the provider as a hint. */
  loginHint?: string;
  onBrowserUrl(url: string, deadline: number): void;
  onDeviceCode(prompt: DeviceCodePrompt): void;
  /** Logs in to the IMAP server with the new access token; throws when the server refuses it. */
  checkToken(accessToken: string): Promise<void>;
  browserTimeoutMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Whether the provider offers sign-in on another device (Google does not, for mail). */
export function deviceFlowAvailable(account: OAuthAccount): boolean {
  return oauthClient(account.name, account.oauth).endpoints.deviceAuthorizationUrl !== undefined;
}

/** Signs the account in; returns where the sign-in is kept ("the system keyring", or the file). */
export async function signIn(account: OAuthAccount, options: SignInOptions): Promise<string> {
  const setup = oauthClient(account.name, account.oauth);
  const signal = options.signal !== undefined ? { signal: options.signal } : {};
  const tokens = options.flow === 'device'
    ? await signInWithDeviceCode(setup, {
      onCode: options.onDeviceCode, ...signal, ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    })
    : await signInWithBrowser(setup, {
      onUrl: options.onBrowserUrl,
      ...signal,
      ...(options.loginHint !== undefined ? { loginHint: options.loginHint } : {}),
      ...(options.browserTimeoutMs !== undefined ? { timeoutMs: options.browserTimeoutMs } : {}),
    });
  await options.checkToken(tokens.accessToken);
  return keepSignIn(account, tokens, { home: options.home, env: options.env });
}
