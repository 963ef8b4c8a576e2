// The OAuth2 sign-in's public face for the rest of mailkeep: an access token for an account that
// signs in with OAuth, and the sign-in itself (for `mailkeep login` and the setup wizard).
import { homedir } from 'node:os';
import { oauthAccessToken, type OAuthAccount } from './access-tokens.js';

export { signIn, type SignInOptions } from './sign-in.js';
export type { DeviceCodePrompt } from './device-flow.js';
export { OAuthError, shellWord } from './oauth-errors.js';
export { oauthAccountOf, type OAuthAccount } from './access-tokens.js';

/**
 * An access token for an OAuth account: fresh from memory, or refreshed with the stored sign-in.
 * `rejected` is the token the IMAP server just refused (it is refreshed once, not reused).
 */
export function accountAccessToken(
  account: OAuthAccount,
  opts: { env?: Record<string, string | undefined>; home?: string; rejected?: string } = {},
): Promise<string> {
  return oauthAccessToken(account, {
    env: opts.env ?? process.env,
    home: opts.home ?? homedir(),
    ...(opts.rejected !== undefined ? { rejected: opts.rejected } : {}),
  });
}
