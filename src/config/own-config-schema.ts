// Validates mailkeep's own JSON config with field-level messages (`accounts[0].port: must be
// 1–65535`) and fills in defaults. Pure.
import type { AccountConfig, PasswordSource, StayInSync } from './types.js';
import { INTERVAL_HELP, parseInterval } from './interval.js';
import { ConfigError } from './errors.js';
import { oauthSettingsProblem } from './oauth-providers.js';
import { accountStateDir, type PathEnv } from './paths.js';

export interface OwnConfig extends StayInSync {
  accounts: AccountConfig[];
  groups?: Record<string, string[]>;
}

type Check = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string');
const optionalText: Check = (v) => (v === undefined || typeof v === 'string' ? undefined : 'must be a string');
const absolutePath: Check = (v) =>
  typeof v === 'string' && v.startsWith('/') ? undefined : 'must be an absolute path';
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string) ? undefined : `must be one of ${values.join(', ')}`;
const int =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `must be ${min}–${max}`;
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? undefined : check(v) && `${check(v)}, or null`;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);
/** A piece of one folder's name on disk: a delimiter or a prefix, never a path. */
const nameText: Check = (v) =>
  optionalText(v) ?? ((v as string | undefined)?.includes('/') ? "must not contain '/'" : undefined);
const strings: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'must be a list of strings';

const password: Check = (v) => {
  if (!isObject(v)) return 'must be an object with a "kind"';
  if (v.kind === 'oauth') return oauthSettingsProblem(v);
  const need: Record<string, [string, Check]> = {
    command: ['command', text],
    env: ['variable', text],
    plain: ['password', (p) => (typeof p === 'string' ? undefined : 'must be a string')],
    keyring: [
      'attributes',
      (a) =>
        isObject(a) && Object.values(a).every((x) => typeof x === 'string') && Object.keys(a).length
          ? undefined
          : 'must be an object of strings',
    ],
  };
  const rule = need[v.kind as string];
  if (!rule) return 'kind must be one of command, env, keyring, plain, oauth';
  const problem = rule[1](v[rule[0]]);
  return problem && `${rule[0]} ${problem}`;
};

const mbsyncChannel: Check = (v) => {
  if (v === undefined) return undefined;
  if (!isObject(v) || typeof v.farBox !== 'string' || typeof v.nearBox !== 'string' || !isObject(v.state)) {
    return 'must be an object with state, farBox and nearBox';
  }
  const { kind, prefix, farStore, nearStore } = v.state;
  if (kind === 'in-maildir') return undefined;
  if ((kind === 'channel' || kind === 'global') && typeof prefix === 'string' && prefix.startsWith('/')) {
    return kind === 'channel' || (typeof farStore === 'string' && typeof nearStore === 'string')
      ? undefined
      : 'state needs farStore and nearStore';
  }
  return 'state.kind must be in-maildir, or channel/global with an absolute prefix';
};

// Every field of AccountConfig, so that what `import` saves is always read back.
const FIELDS: Record<keyof AccountConfig, Check> = {
  name: text,
  host: text,
  port: int(1, 65535),
  tunnel: optionalText,
  tls: oneOf('imaps', 'starttls', 'none'),
  minTlsVersion: optional(oneOf('TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3')),
  user: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  userCommand: optionalText,
  password,
  certificateFile: optional(absolutePath),
  systemCertificates: optional(bool),
  authMechs: optional(strings),
  compress: optional(bool),
  localPath: absolutePath,
  folderPrefix: nameText,
  inboxPath: absolutePath,
  subFolders: optional(oneOf('verbatim', 'maildir++', 'legacy')),
  flatten: nameText,
  patterns: (v) => strings(v) ?? ((v as string[]).length ? undefined : 'must list at least one pattern'),
  nearMailbox: optional(text),
  boxRename: (v) =>
    v === undefined || (isObject(v) && typeof v.far === 'string' && v.far !== '' && typeof v.near === 'string')
      ? undefined
      : 'must be an object with far and near',
  deletions: oneOf('keep', 'mirror'),
  concurrency: int(1, 64),
  dailyBudgetBytes: nullable(int(1, Number.MAX_SAFE_INTEGER)),
  copyArrivalDate: bool,
  timeoutSeconds: optional(int(0, 86_400)),
  maxMessageBytes: optional(nullable(int(1, Number.MAX_SAFE_INTEGER))),
  stateDir: optional(absolutePath),
  remotePrefix: optionalText,
  mbsync: mbsyncChannel,
};

const TOP_LEVEL = new Set(['accounts', 'groups', 'syncEvery', 'bell', '__internal__']);

export function validateOwnConfig(data: unknown, file: string, pathEnv: PathEnv): OwnConfig {
  const fail = (field: string, message: string): never => {
    throw new ConfigError(file, undefined, `${field}: ${message}`);
  };
  if (!isObject(data)) return fail('(top level)', 'must be a JSON object');
  // A misspelt setting (`syncevery`) must not pass silently; `__internal__` belongs to `conf`.
  const stray = Object.keys(data).find((k) => !TOP_LEVEL.has(k));
  if (stray) fail(stray, 'unknown field (known: accounts, groups, syncEvery, bell)');
  if (!Array.isArray(data.accounts)) return fail('accounts', 'must be a list');
  const accounts = data.accounts.map((raw, i): AccountConfig => {
    const at = `accounts[${i}]`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    for (const [field, check] of Object.entries(FIELDS)) {
      const problem = check(raw[field]);
      if (problem) fail(`${at}.${field}`, problem);
    }
    const unknown = Object.keys(raw).find((k) => !(k in FIELDS));
    if (unknown) fail(`${at}.${unknown}`, 'unknown field');
    if (!raw.user && !raw.userCommand) fail(`${at}.user`, 'needs a user or a userCommand');
    return {
      systemCertificates: true,
      authMechs: [],
      subFolders: 'verbatim',
      timeoutSeconds: 20,
      maxMessageBytes: null,
      stateDir: accountStateDir(raw.name as string, pathEnv),
      ...(raw as Partial<AccountConfig>),
      password: raw.password as PasswordSource,
    } as AccountConfig;
  });
  const seen = new Set<string>();
  accounts.forEach((a, i) => {
    if (seen.has(a.name)) fail(`accounts[${i}].name`, `'${a.name}' is used twice`);
    seen.add(a.name);
  });
  const settings = stayInSync(data, fail);
  if (data.groups === undefined) return { accounts, ...settings };
  if (!isObject(data.groups) || Object.values(data.groups).some((g) => strings(g))) {
    return fail('groups', 'must map group names to lists of channel names');
  }
  return { accounts, groups: data.groups as Record<string, string[]>, ...settings };
}

/** The top-level `syncEvery` (an interval, or minutes) and `bell`. */
function stayInSync(data: Record<string, unknown>, fail: (field: string, message: string) => never): StayInSync {
  const { syncEvery, bell } = data;
  if (bell !== undefined && typeof bell !== 'boolean') fail('bell', 'must be true or false');
  if (syncEvery !== undefined) {
    const ms = typeof syncEvery === 'string' || typeof syncEvery === 'number' ? parseInterval(syncEvery) : undefined;
    if (ms === undefined) fail('syncEvery', `must be ${INTERVAL_HELP}`);
  }
  return {
    ...(syncEvery !== undefined ? { syncEvery: syncEvery as string | number } : {}),
    ...(bell !== undefined ? { bell: bell } : {}),
  };
}
