// SASL mechanisms for AUTHENTICATE, as exchanges of base64 lines: PLAIN (RFC 4616), LOGIN,
// XOAUTH2 (Google's) and OAUTHBEARER (RFC 7628). Each answers the server's challenges in turn;
// a challenge it does not expect is answered `*`, which cancels the exchange (RFC 3501 §6.2.2).

export interface SaslExchange {
  readonly name: string;
  /** The first response, base64, if the mechanism has one (sent inline with SASL-IR). */
  readonly initial: string | undefined;
  /** The answer to the next challenge (base64 text of the `+` line). */
  respond(challenge: string): string;
  /** The error the server sent in a challenge (OAuth2 mechanisms), decoded and sanitized. */
  readonly serverError: string | undefined;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CANCEL = '*';

/** Answers `answers` in order, then cancels. */
function steps(name: string, initial: string | undefined, answers: string[]): SaslExchange {
  return {
    name,
    initial,
    respond: () => answers.shift() ?? CANCEL,
    serverError: undefined,
  };
}

export function plainExchange(user: string, password: string): SaslExchange {
  return steps('PLAIN', b64(`\0${user}\0${password}`), []);
}

/** SASL LOGIN: the user name, then the password, each asked for by a challenge. */
export function loginExchange(user: string, password: string): SaslExchange {
  return steps('LOGIN', undefined, [b64(user), b64(password)]);
}

/** The JSON error an OAuth2 server sends as a challenge, as one short line. */
function oauthError(challenge: string): string {
  const text = Buffer.from(challenge, 'base64').toString('utf8');
  let detail = text;
  try {
    const json = JSON.parse(text) as { status?: unknown; schemes?: unknown; scope?: unknown };
    detail = `status ${String(json.status ?? '?')}${json.scope !== undefined ? `, scope ${String(json.scope)}` : ''}`;
  } catch {
    // not JSON: the text as it came
  }
  return detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}

/**
 * OAuth2 mechanisms send everything at once; a challenge after that carries the error, answered
 * with the mechanism's dummy response so the server can finish with NO.
 */
function oauthExchange(name: string, initial: string, dummy: string): SaslExchange {
  let error: string | undefined;
  return {
    name,
    initial,
    respond(challenge) {
      if (error !== undefined) return CANCEL;
      error = oauthError(challenge);
      return dummy;
    },
    get serverError() {
      return error;
    },
  };
}

export function xoauth2Exchange(user: string, token: string): SaslExchange {
  // Google: "the client should send an empty response" to the error challenge.
  return oauthExchange('XOAUTH2', b64(`user=${user}\x01auth=Bearer ${token}\x01\x01`), '');
}

/** RFC 7628 §3.1: gs2 header with the authzid, host and port, then the token. */
export function oauthBearerExchange(user: string, token: string, host: string, port: number): SaslExchange {
  const saslName = user.replaceAll('=', '=3D').replaceAll(',', '=2C');
  const message = `n,a=${saslName},\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`;
  // §3.2.3: after an error challenge the client sends a single %x01 (kvsep).
  return oauthExchange('OAUTHBEARER', b64(message), b64('\x01'));
}
