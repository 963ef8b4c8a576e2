// The account the setup wizard builds from its answers. Pure.
import type { OAuthSettings } from '../../config/oauth-providers.js';
import type { AccountConfig, PasswordSource } from '../../config/types.js';
import { accountDefaults, PRESETS, type Preset } from '../../config/presets.js';
import { accountStateDir, expandPath, tildify, type PathEnv } from '../../config/paths.js';

export type PasswordKind = PasswordSource['kind'];

export interface WizardAnswers {
  preset: Preset;
  host: string;
  port: number;
  address: string;
  passwordKind: PasswordKind;
  /** The command, variable name or plain password; unused for the keyring and OAuth. */
  passwordValue: string;
  /** The sign-in settings when passwordKind is 'oauth'. */
  oauth?: OAuthSettings;
  folder: string;
}

export function keyringAttributes(address: string): Record<string, string> {
  return { service: 'mailkeep', account: address };
}

export function defaultFolder(answers: Pick<WizardAnswers, 'preset' | 'host'>): string {
  return `~/Mail/${answers.preset.id === 'other' ? answers.host : answers.preset.id}`;
}

export function defaultPasswordValue(kind: PasswordKind, address: string): string {
  if (kind === 'command') return `pass mailkeep/${address}`;
  if (kind === 'env') return 'MAILKEEP_PASSWORD';
  return '';
}

function passwordSource({ passwordKind, passwordValue, address, oauth }: WizardAnswers): PasswordSource {
  switch (passwordKind) {
    case 'command':
      return { kind: 'command', command: passwordValue };
    case 'env':
      return { kind: 'env', variable: passwordValue };
    case 'keyring':
      return { kind: 'keyring', attributes: keyringAttributes(address) };
    case 'plain':
      return { kind: 'plain', password: passwordValue };
    case 'oauth':
      return { kind: 'oauth', ...oauth! };
  }
}

/** The answers that would rebuild an existing account (to edit it). */
export function answersFromAccount(account: AccountConfig, home: string): WizardAnswers {
  const p = account.password;
  const oauth = p.kind === 'oauth' ? p.provider : undefined;
  const preset =
    PRESETS.find((q) => q.id !== 'other' && q.host === account.host && q.oauth === oauth) ??
    PRESETS.find((q) => q.id === 'other')!;
  const passwordValue =
    p.kind === 'command' ? p.command : p.kind === 'env' ? p.variable : p.kind === 'plain' ? p.password : '';
  return {
    preset,
    host: account.host,
    port: account.port,
    address: account.user,
    passwordKind: p.kind,
    passwordValue,
    folder: tildify(account.localPath, home),
    ...(p.kind === 'oauth' ? { oauth: (({ kind: _kind, ...settings }) => settings)(p) } : {}),
  };
}

/**
 * The account from the answers. Editing (`base` given) keeps what the wizard does not ask
 * (name, state, patterns, mbsync settings) and what the answers left as they were.
 */
export function buildWizardAccount(answers: WizardAnswers, pathEnv: PathEnv, base?: AccountConfig): AccountConfig {
  const built = newAccount(answers, pathEnv);
  if (!base) return built;
  return {
    ...base,
    host: built.host,
    port: built.port,
    tls: built.port === base.port ? base.tls : built.tls,
    user: built.user,
    password: built.password.kind === 'keyring' && base.password.kind === 'keyring' ? base.password : built.password,
    localPath: built.localPath,
    inboxPath: built.localPath === base.localPath ? base.inboxPath : built.inboxPath,
    ...(built.host === base.host ? {} : accountDefaults(built.host)),
  };
}

function newAccount(answers: WizardAnswers, pathEnv: PathEnv): AccountConfig {
  const name = answers.preset.id === 'other' ? answers.host : answers.preset.id;
  const localPath = expandPath(answers.folder, pathEnv);
  return {
    name,
    host: answers.host,
    port: answers.port,
    tls: answers.port === 143 ? 'starttls' : 'imaps',
    user: answers.address,
    password: passwordSource(answers),
    systemCertificates: true,
    authMechs: [],
    localPath,
    inboxPath: `${localPath}/INBOX`,
    subFolders: 'verbatim',
    patterns: ['*'],
    deletions: 'keep',
    ...accountDefaults(answers.host),
    copyArrivalDate: true,
    timeoutSeconds: 20,
    maxMessageBytes: null,
    stateDir: accountStateDir(name, pathEnv),
  };
}
