// The reader component as the app shell receives it: passed in (run-app hands over the real
// ui/reader/Reader.tsx), so the shell can be tested with a stand-in.

import type { ReactNode } from 'react';
import type { ReaderProps } from './Reader.js';

export type { ReaderRoot } from '../../reader/index.js';
export type { ReaderProps };

export type ReaderComponent = (props: ReaderProps) => ReactNode;
