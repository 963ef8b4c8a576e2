// Provider presets for the setup wizard and the defaults that depend on the host.

import type { OAuthProviderId } from './oauth-providers.js';

export type ProviderId = 'gmail' | 'google' | 'microsoft' | 'fastmail' | 'other';

export interface Preset {
  id: ProviderId;
  label: string;
  host: string;
  port: number;
  /** Shown while asking for the password. */
  help: string;
  /** Signs in with OAuth2 (no password asked). */
  oauth?: Exclude<OAuthProviderId, 'generic'>;
}

/** Gmail caps IMAP downloads at about 2500 MB a day per account; staying under it avoids lockouts. */
const GMAIL_DAILY_BYTES = 2_500_000_000;

export const PRESETS: readonly Preset[] = [
  {
    id: 'gmail',
    label: 'Gmail',
    host: 'imap.gmail.com',
    port: 993,
    help: 'Gmail needs an app password (Google Account → Security → 2-Step Verification → App passwords), not your normal password.',
  },
  {
    id: 'google',
    label: 'Google with OAuth sign-in (Gmail, Workspace)',
    host: 'imap.gmail.com',
    port: 993,
    help: 'Signs in with your Google account; needs an OAuth client ID of your own (see the README).',
    oauth: 'google',
  },
  {
    id: 'microsoft',
    label: 'Microsoft 365 / Outlook.com (OAuth sign-in)',
    host: 'outlook.office365.com',
    port: 993,
    help: 'Signs in with your Microsoft account; needs an app registration of your own (see the README).',
    oauth: 'microsoft',
  },
  {
    id: 'fastmail',
    label: 'Fastmail',
    host: 'imap.fastmail.com',
    port: 993,
    help: 'Fastmail needs an app password (Settings → Privacy & Security → App passwords).',
  },
  {
    id: 'other',
    label: 'Other IMAP server',
    host: '',
    port: 993,
    help: 'Use the password your provider gives for IMAP.',
  },
];

function isGmailHost(host: string): boolean {
  return /(^|\.)(gmail|googlemail)\.com$/i.test(host);
}

/** Host-dependent defaults: Gmail throttles parallel connections and daily volume. */
export function accountDefaults(host: string): { concurrency: number; dailyBudgetBytes: number | null } {
  return isGmailHost(host)
    ? { concurrency: 2, dailyBudgetBytes: GMAIL_DAILY_BYTES }
    : { concurrency: 4, dailyBudgetBytes: null };
}
