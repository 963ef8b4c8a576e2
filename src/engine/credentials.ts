// Gets an account's user name and password from where the config says: a shell command (mbsync
// PassCmd/UserCmd), an environment variable, the system keyring (`secret-tool`), or the config.
// Errors name the account and the source, never the password or anything a command printed.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { asksOnlyForOAuth } from '../config/oauth-providers.js';
import type { AccountConfig } from '../config/types.js';
import type { LoginSecret } from './imap/authenticate.js';

export type CredentialSource = 'command' | 'env' | 'keyring' | 'plain' | 'oauth' | 'user command';

export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  readonly code = 'CREDENTIALS';
  readonly scope = 'account';
  readonly retry = 'final';
  constructor(
    readonly account: string,
    readonly source: CredentialSource,
    problem: string,
  ) {
    super(`account '${account}': ${problem}`);
  }
}

export interface CredentialOptions {
  /** How long a command may take before it is killed (default 30 s). */
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  /** The token the server just refused: a sign-in is refreshed (a PassCmd simply runs again). */
  rejectedToken?: string;
  /** The run's stop: a sign-in's refresh that waits for another process's gives up. */
  stop?: AbortSignal;
  /** Told what the run goes on despite (a renewed sign-in that could not be stored). */
  onNotice?: (message: string) => void;
}

type RunResult = { ok: true; line: string } | { ok: false; problem: string; exitCode?: number };

/** Runs a program without a terminal and returns the first line it prints. The whole process group is killed on timeout. */
function firstLineOf(
  file: string,
  args: string[],
  timeoutMs: number,
  env: Record<string, string | undefined>,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true, env });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => {
      clearTimeout(timer);
      resolve({ ok: false, problem: 'could not be started' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
      if (timedOut) resolve({ ok: false, problem: `gave no answer within ${timeoutMs / 1000} s` });
      else if (code !== 0)
        resolve({
          ok: false,
          problem: `failed (${signal ? `killed by ${signal}` : `exit status ${code}`})`,
          exitCode: code ?? undefined,
        });
      else if (line === '') resolve({ ok: false, problem: 'printed nothing' });
      else resolve({ ok: true, line });
    });
  });
}

/** Finds an executable on PATH, so a missing `secret-tool` gets its own message. */
export function findExecutable(
  name: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Whether `program` names something runnable: a path to an executable, or a name on PATH. */
function isRunnable(program: string, env: Record<string, string | undefined>): boolean {
  if (!program.includes('/')) return findExecutable(program, env) !== undefined;
  try {
    accessSync(program, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a shell command line (mbsync PassCmd/UserCmd) and returns its first line. Exit status 127
 * is the shell's "command not found": then the problem names the program, the first word only,
 * as the rest of the line may hold a secret. Leading VAR=value words are skipped for that reason.
 */
async function firstLineOfShell(
  command: string,
  timeoutMs: number,
  env: Record<string, string | undefined>,
): Promise<RunResult> {
  const result = await firstLineOf('/bin/sh', ['-c', command], timeoutMs, env);
  if (result.ok || result.exitCode !== 127) return result;
  const program = command
    .trim()
    .split(/\s+/)
    .find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  if (program === undefined || isRunnable(program, env)) return result;
  return { ok: false, problem: `not found: ${program}` };
}

export async function resolvePassword(account: AccountConfig, opts: CredentialOptions = {}): Promise<string> {
  const { timeoutMs = 30_000, env = process.env } = opts;
  const source = account.password;
  const fail = (problem: string): never => {
    throw new CredentialError(account.name, source.kind, problem);
  };
  switch (source.kind) {
    case 'plain':
      return source.password || fail('the stored password is empty');
    case 'oauth':
      return fail('signs in with OAuth, not a password');
    case 'env':
      return env[source.variable] || fail(`environment variable ${source.variable} is not set`);
    case 'command': {
      const result = await firstLineOfShell(source.command, timeoutMs, env);
      return result.ok ? result.line : fail(`password command ${result.problem}`);
    }
    case 'keyring': {
      const tool =
        findExecutable('secret-tool', env) ??
        fail('secret-tool is not installed (needed to read the password from the keyring)');
      const result = await firstLineOf(tool, ['lookup', ...Object.entries(source.attributes).flat()], timeoutMs, env);
      if (result.ok) return result.line;
      const where = Object.entries(source.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return fail(
        result.problem === 'failed (exit status 1)' || result.problem === 'printed nothing'
          ? `no password in the keyring for ${where}`
          : `keyring lookup ${result.problem}`,
      );
    }
  }
}

/** The login name: `user`, or the first line printed by `userCommand` (mbsync UserCmd). */
export async function resolveUser(account: AccountConfig, opts: CredentialOptions = {}): Promise<string> {
  if (account.user || !account.userCommand) return account.user;
  const { timeoutMs = 30_000, env = process.env } = opts;
  const result = await firstLineOfShell(account.userCommand, timeoutMs, env);
  if (!result.ok) throw new CredentialError(account.name, 'user command', `user command ${result.problem}`);
  return result.line;
}

/**
 * What the account logs in with: an access token of its OAuth sign-in; its password; or, when
 * AuthMechs asks only for OAuth2 mechanisms, an OAuth2 token printed by PassCmd (as mbsync does).
 */
export async function resolveLoginSecret(account: AccountConfig, opts: CredentialOptions = {}): Promise<LoginSecret> {
  if (account.password.kind === 'oauth') {
    // Loaded for OAuth accounts only: a `mailkeep sync` of password accounts does not load the OAuth library.
    const { accountAccessToken, oauthAccountOf } = await import('./oauth/access-tokens.js');
    const oauth = oauthAccountOf(account)!;
    const { env, rejectedToken, stop, onNotice } = opts;
    const token = await accountAccessToken(oauth, {
      ...(env ? { env } : {}),
      ...(rejectedToken ? { rejected: rejectedToken } : {}),
      ...(stop ? { signal: stop } : {}),
      ...(onNotice ? { onNotice } : {}),
    });
    return { kind: 'token', token };
  }
  const value = await resolvePassword(account, opts);
  return asksOnlyForOAuth(account.authMechs) ? { kind: 'token', token: value } : { kind: 'password', password: value };
}
