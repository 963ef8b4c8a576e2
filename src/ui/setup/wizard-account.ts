// The account the setup wizard builds from its answers. Pure.
import type { AccountConfig, PasswordSource } from '../../config/types.js';
import { accountDefaults, type Preset } from '../../config/presets.js';
import { accountStateDir, expandPath, type PathEnv } from '../../config/paths.js';

export type PasswordKind = PasswordSource['kind'];

export interface WizardAnswers {
  preset: Preset;
  host: string;
  port: number;
  address: string;
  passwordKind: PasswordKind;
  /** The command, variable name or plain password; unused for the keyring. */
  passwordValue: string;
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

function passwordSource({ passwordKind, passwordValue, address }: WizardAnswers): PasswordSource {
  switch (passwordKind) {
    case 'command': return { kind: 'command', command: passwordValue };
    case 'env': return { kind: 'env', variable: passwordValue };
    case 'keyring': return { kind: 'keyring', attributes: keyringAttributes(address) };
    case 'plain': return { kind: 'plain', password: passwordValue };
  }
}

export function buildWizardAccount(answers: WizardAnswers, pathEnv: PathEnv): AccountConfig {
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
