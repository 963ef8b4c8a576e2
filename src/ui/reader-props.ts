// The reader's props as the app hands them over (src/ui/reader/Reader.tsx implements them). The
// component itself is passed in, so the app shell can be tested with a stand-in.

import type { ReactNode } from 'react';

export interface ReaderRoot {
  account: string;
  /** Root of the account's local Maildir tree. */
  path: string;
}

export interface ReaderProps {
  roots: ReaderRoot[];
  /** Only the active reader reacts to keys. */
  active: boolean;
  onExit: () => void;
  statusLine?: ReactNode;
  cacheDir?: string;
  saveDir?: string;
  width?: number;
  height?: number;
}

export type ReaderComponent = (props: ReaderProps) => ReactNode;
