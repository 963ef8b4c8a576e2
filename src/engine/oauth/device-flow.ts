// Sign-in on a machine without a browser (RFC 8628): a code and a URL to open anywhere, then the
// token endpoint is polled at the interval the provider asks for, 5 s more after each `slow_down`
// (and after each poll a busy or unreachable provider could not answer).
import * as oauth from 'oauth4webapi';
import { deviceCodeExpired, OAuthError } from './oauth-errors.js';
import { tokenSetOf, type OAuthClient, type TokenSet } from './oauth-client.js';

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  /** The URL with the code in it, where the provider gives one. */
  verificationUriComplete?: string;
  /** When the code stops working (ms since the epoch). */
  deadline: number;
}

export interface DeviceSignInOptions {
  onCode(prompt: DeviceCodePrompt): void;
  clock?: () => number;
  /** Waits between polls; a test passes one that returns at once and records the wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the polling interval for the rest of the flow. */
export const SLOW_DOWN_STEP_MS = 5000;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OAuthError('OAUTH_TIMEOUT', 'sign-in cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function signInWithDeviceCode(setup: OAuthClient, options: DeviceSignInOptions): Promise<TokenSet> {
  const { clock = Date.now, sleep = realSleep, signal } = options;
  const deviceUrl = setup.endpoints.deviceAuthorizationUrl;
  if (deviceUrl === undefined) {
    throw new OAuthError(
      'OAUTH_CONFIG',
      'this provider has no device sign-in for mail; sign in with a browser instead',
    );
  }
  const { as, client, auth } = setup;
  const scope = { scope: setup.endpoints.scope };
  const device = await setup.call(deviceUrl, async (requestOptions) =>
    oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, auth, scope, requestOptions),
    ),
  );
  const deadline = clock() + device.expires_in * 1000;
  options.onCode({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete !== undefined
      ? { verificationUriComplete: device.verification_uri_complete }
      : {}),
    deadline,
  });
  let intervalMs = (device.interval ?? 5) * 1000;
  const tokenUrl = setup.endpoints.tokenUrl;
  for (;;) {
    // Never past the code's expiry: a long interval (or many slow_downs) would keep the user waiting.
    await sleep(Math.min(intervalMs, Math.max(0, deadline - clock())), signal);
    if (clock() >= deadline) throw deviceCodeExpired();
    const response = await setup
      .call(tokenUrl, async (requestOptions) => {
        try {
          return await oauth.processDeviceCodeResponse(
            as,
            client,
            await oauth.deviceCodeGrantRequest(as, client, auth, device.device_code, requestOptions),
          );
        } catch (error) {
          if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') return 'pending';
          if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') return 'slow down';
          throw error;
        }
      })
      .catch((error: unknown) => {
        // A provider busy or out of reach for a moment, minutes into the wait (the user may be
        // entering the code right now): it is asked again, as after a slow_down.
        if (error instanceof OAuthError && error.retry === 'wait') return 'slow down' as const;
        throw error;
      });
    if (response === 'slow down') intervalMs += SLOW_DOWN_STEP_MS;
    if (typeof response !== 'string') return tokenSetOf(response, clock());
  }
}
