import type { ParsedAddress } from './parse-address.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

/** `Name <addr>` (the real address always beside the display name), comma-separated, sanitized. */
export function formatAddresses(addresses: readonly ParsedAddress[]): string {
  return addresses
    .map((a) => {
      if (a.group) return `${a.name}: ${formatAddresses(a.group)};`;
      if (a.name && a.address) return `${a.name} <${a.address}>`;
      return a.address || a.name;
    })
    .map((s) => sanitizeForTerminal(s))
    .join(', ');
}
