// Logging in with the account's AuthMechs (mbsync's meaning: the first listed mechanism the server
// offers, in listed order, `*` = any other it offers in that place, none listed = any; LOGIN is the
// IMAP LOGIN command), by password or by OAuth2 token. A rejected token is its own error, so a
// caller can refresh it once and retry.
import { SyncError } from '../errors.js';
import { stringArg } from './command-args.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';
import { loginExchange, oauthBearerExchange, plainExchange, xoauth2Exchange, type SaslExchange } from './sasl.js';

export type LoginSecret = { kind: 'password'; password: string } | { kind: 'token'; token: string };

export interface LoginRequest {
  user: string;
  secret: LoginSecret;
  /** The account's AuthMechs in order (`*` = any other offered); empty = any the server offers. */
  mechanisms: readonly string[];
  host: string;
  port: number;
}

/** The server refused the OAuth2 token (expired or revoked): a new token may do, the same one never. */
export class AuthTokenRejected extends SyncError {
  constructor(host: string, detail: string | undefined) {
    const why = detail ? ` (${detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 160)})` : '';
    super('AUTH_TOKEN_REJECTED', 'account', 'final', `login to ${host}: token rejected${why}`);
    this.name = 'AuthTokenRejected';
  }
}

/** `LOGIN` is the IMAP command, the others are SASL mechanisms. */
export type Mechanism = 'PLAIN' | 'LOGIN' | 'AUTH=LOGIN' | 'XOAUTH2' | 'OAUTHBEARER';

/** What `*` means, strongest first, for each kind of secret. */
const ANY: Record<LoginSecret['kind'], string[]> = {
  password: ['PLAIN', 'LOGIN'],
  token: ['OAUTHBEARER', 'XOAUTH2'],
};

function offered(name: string, kind: LoginSecret['kind'], caps: ReadonlySet<string>): Mechanism | undefined {
  if (!ANY[kind].includes(name)) return undefined;
  if (name === 'LOGIN') {
    if (!caps.has('LOGINDISABLED')) return 'LOGIN';
    return caps.has('AUTH=LOGIN') ? 'AUTH=LOGIN' : undefined;
  }
  return caps.has(`AUTH=${name}`) ? (name as Mechanism) : undefined;
}

/** The mechanism to log in with, or a one-line error naming what was asked and what is offered. */
export function chooseMechanism(
  caps: ReadonlySet<string>,
  kind: LoginSecret['kind'],
  mechanisms: readonly string[],
  host: string,
): Mechanism {
  const wanted = mechanisms.length === 0 ? ['*'] : mechanisms.map((m) => m.toUpperCase());
  for (const name of wanted.flatMap((m) => (m === '*' ? ANY[kind] : [m]))) {
    const mechanism = offered(name, kind, caps);
    if (mechanism !== undefined) return mechanism;
  }
  const offers = [...caps].filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
  if (!caps.has('LOGINDISABLED')) offers.push('LOGIN');
  const asked = mechanisms.length === 0 ? 'any mechanism' : `AuthMechs ${mechanisms.join(' ')}`;
  const secret = kind === 'token' ? 'an OAuth2 token' : 'a password';
  throw new SyncError(
    'AUTH_MECHANISMS',
    'account',
    'final',
    `${host} offers no login for ${asked} with ${secret} (it offers ${offers.join(' ') || 'none'}${caps.has('LOGINDISABLED') ? ', LOGINDISABLED' : ''})`,
  );
}

function exchangeFor(mechanism: Exclude<Mechanism, 'LOGIN'>, request: LoginRequest): SaslExchange {
  const { user, secret } = request;
  if (secret.kind === 'token') {
    return mechanism === 'XOAUTH2'
      ? xoauth2Exchange(user, secret.token)
      : oauthBearerExchange(user, secret.token, request.host, request.port);
  }
  return mechanism === 'PLAIN' ? plainExchange(user, secret.password) : loginExchange(user, secret.password);
}

/** AUTHENTICATE with an initial response inline where the server takes one (SASL-IR, RFC 4959). */
function runExchange(connection: ImapConnection, exchange: SaslExchange, saslIr: boolean) {
  const inline = saslIr && exchange.initial !== undefined;
  let initialSent = inline;
  const respond = (challenge: string) => {
    if (initialSent || exchange.initial === undefined) return exchange.respond(challenge);
    initialSent = true;
    return exchange.initial;
  };
  const command = `AUTHENTICATE ${exchange.name}${inline ? ` ${exchange.initial || '='}` : ''}`;
  return connection.authenticate(command, respond);
}

export async function authenticate(
  connection: ImapConnection,
  capabilities: ReadonlySet<string>,
  request: LoginRequest,
): Promise<void> {
  const mechanism = chooseMechanism(capabilities, request.secret.kind, request.mechanisms, request.host);
  let exchange: SaslExchange | undefined;
  try {
    if (mechanism === 'LOGIN' && request.secret.kind === 'password') {
      const literals: Buffer[] = [];
      const args = `${stringArg(request.user, literals)} ${stringArg(request.secret.password, literals)}`;
      await connection.run(`LOGIN ${args}`, undefined, literals);
    } else {
      exchange = exchangeFor(mechanism as Exclude<Mechanism, 'LOGIN'>, request);
      await runExchange(connection, exchange, capabilities.has('SASL-IR'));
    }
  } catch (error) {
    if (!(error instanceof ImapCommandError)) throw error;
    // A busy server (NO [UNAVAILABLE]) is a wait, not a bad token: classifyError sees to that.
    const refused = error.serverResponseCode === undefined || error.serverResponseCode === 'AUTHENTICATIONFAILED';
    if (request.secret.kind === 'token' && (exchange?.serverError !== undefined || refused)) {
      throw new AuthTokenRejected(request.host, exchange?.serverError ?? error.responseText);
    }
    error.authenticationFailed = true;
    throw error;
  }
  // Capabilities change after login (RFC 3501 §6.2.3); most servers send them with the OK.
  if (connection.capabilities === capabilities) await connection.run('CAPABILITY');
}
