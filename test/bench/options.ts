// Command line of the benchmark (pure): which corpus, phases, tools and rounds; keep temp dirs;
// profile; the network lines to run across.
import { parseArgs } from 'node:util';
import { parseLinkProfile, STANDARD_LINKS, type LinkProfile } from './link-line.js';

export const PHASES = ['initial', 'noop', 'incremental', 'big', 'feed', 'reader', 'index', 'gmail'] as const;
export type Phase = (typeof PHASES)[number];
export const TOOLS = ['mbsync', 'mailkeep'] as const;
export type Tool = (typeof TOOLS)[number];

export interface BenchOptions {
  preset: 'small' | 'large';
  /**
   * `initial` runs whenever another sync phase (noop, incremental, big) does (they need a synced
   * copy); this set says what is reported. `feed` (mailkeep's first syncs with and without the
   * index, each from an empty copy), `gmail`, `reader` and `index` can run alone.
   */
  phases: Set<Phase>;
  tools: Tool[];
  /** How many times the noop and incremental phases run, and the feed phase's pairs (single runs swing by ±25%). */
  rounds: number;
  keep: boolean;
  /** Run mailkeep under `node --cpu-prof`, profiles saved next to the results. */
  profile: boolean;
  /** Lines to sync across, one after another (link-relay.ts); none: straight over loopback. */
  links: LinkProfile[];
}

/** Link mode runs the sync phases only, unless --phases says otherwise. */
const LINK_PHASES: Phase[] = ['initial', 'noop', 'incremental'];

/** `--link 40ms/50mbit[,150ms/20mbit]`, or `--link profiles` for both standard lines. */
function links(value: string | undefined): LinkProfile[] {
  if (value === undefined) return [];
  const names = value === 'profiles' ? [...STANDARD_LINKS] : value.split(',').filter(Boolean);
  return names.map(parseLinkProfile);
}

function list<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
  if (value === undefined) return [...allowed];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item))
      throw new Error(`unknown ${what} '${item}' (known: ${allowed.join(', ')})`);
  }
  return items as T[];
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: 'string', default: 'large' },
      phases: { type: 'string' },
      tools: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      link: { type: 'string' },
    },
    strict: true,
  });
  if (values.preset !== 'small' && values.preset !== 'large')
    throw new Error(`unknown preset '${values.preset}' (small or large)`);
  const rounds = Number(values.rounds);
  if (!/^\d+$/.test(values.rounds) || rounds < 1)
    throw new Error(`--rounds wants a whole number of at least 1, not '${values.rounds}'`);
  const lines = links(values.link);
  const phases = values.phases === undefined && lines.length > 0 ? LINK_PHASES : list(values.phases, PHASES, 'phase');
  return {
    preset: values.preset,
    phases: new Set(phases),
    tools: list(values.tools, TOOLS, 'tool'),
    rounds,
    keep: values.keep,
    profile: values.profile,
    links: lines,
  };
}
