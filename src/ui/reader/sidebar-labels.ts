// Sidebar labels as a tree: a mailbox is indented under the nearest mailbox that exists above it
// and keeps the rest of its path, so `Archive/2024` without an `Archive` folder stays readable.

export interface SidebarLabel {
  depth: number;
  label: string;
}

export function sidebarLabels(names: readonly string[]): SidebarLabel[] {
  const known = new Set(names);
  const depthOf = new Map<string, number>();
  return names.map((name) => {
    const parts = name.split('/');
    for (let cut = parts.length - 1; cut > 0; cut--) {
      const parent = parts.slice(0, cut).join('/');
      if (known.has(parent)) {
        const depth = (depthOf.get(parent) ?? 0) + 1;
        depthOf.set(name, depth);
        return { depth, label: parts.slice(cut).join('/') };
      }
    }
    depthOf.set(name, 0);
    return { depth: 0, label: name };
  });
}

/** A mailbox's name where the reader names it apart from the folder list: `account:name` once several accounts are shown. */
export function mailboxTitle(mailbox: { account: string; name: string }, multiAccount: boolean): string {
  return multiAccount ? `${mailbox.account}:${mailbox.name}` : mailbox.name;
}
