// Provider presets for the setup wizard and the defaults that depend on the host.

export type ProviderId = 'gmail' | 'fastmail' | 'other';

export interface Preset {
  id: ProviderId;
  label: string;
  host: string;
  port: number;
  /** Shown while asking for the password. */
  help: string;
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
    id: 'fastmail',
    label: 'Fastmail',
    host: 'imap.fastmail.com',
    port: 993,
    help: 'Fastmail needs an app password (Settings → Privacy & Security → App passwords).',
  },
  { id: 'other', label: 'Other IMAP server', host: '', port: 993, help: 'Use the password your provider gives for IMAP.' },
];

function isGmailHost(host: string): boolean {
  return /(^|\.)(gmail|googlemail)\.com$/i.test(host);
}

/** Host-dependent defaults: Gmail throttles parallel connections and daily volume. */
export function accountDefaults(host: string): { concurrency: number; dailyBudgetBytes: number | null } {
  return isGmailHost(host) ? { concurrency: 2, dailyBudgetBytes: GMAIL_DAILY_BYTES } : { concurrency: 4, dailyBudgetBytes: null };
}
