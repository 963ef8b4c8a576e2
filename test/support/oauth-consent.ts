// What a user does in the browser with the local authorization server (oauth-server.ts): the
// consent page, then the redirect back to mailkeep's listener, tampered with if a test asks.
/**
 * What a user does in the browser: open the authorization URL, press Allow or Deny on the consent
 * page, and follow the redirect back to mailkeep's listener. Returns the status of each step.
 */
export async function driveConsent(
  authorizationUrl: string,
  approve: boolean,
  tamper?: (redirect: URL) => void,
): Promise<{ page: number; callback?: number; callbackBody?: string }> {
  const page = await fetch(authorizationUrl);
  const body = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(body)?.[1];
  if (request === undefined) return { page: page.status };
  const consent = await fetch(new URL('/consent', authorizationUrl), {
    method: 'POST',
    body: new URLSearchParams({ request, decision: approve ? 'approve' : 'deny' }),
    redirect: 'manual',
  });
  const redirect = new URL(consent.headers.get('location')!);
  tamper?.(redirect);
  const callback = await fetch(redirect);
  return { page: page.status, callback: callback.status, callbackBody: await callback.text() };
}
