/**
 * After a count of new messages, how many of them were linked from a file stored in another
 * folder instead of downloaded (Gmail labels): ` (800 linked)`, or nothing.
 */
export function linkedNote(linked: number): string {
  return linked > 0 ? ` (${Math.round(linked).toLocaleString('en-US')} linked)` : '';
}
