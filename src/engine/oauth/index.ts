// The OAuth2 sign-in's public face for the rest of mailkeep: the sign-in itself (for `mailkeep
// login` and the setup wizard) and access tokens for accounts that sign in with OAuth.
export { signIn, type SignInOptions } from './sign-in.js';
export type { DeviceCodePrompt } from './device-flow.js';
export { OAuthError } from './oauth-errors.js';
export { accountAccessToken, oauthAccountOf, type OAuthAccount } from './access-tokens.js';
