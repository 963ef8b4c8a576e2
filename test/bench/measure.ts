// Runs one sync as a child process under GNU time: the child's own CPU time and max RSS.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ensureProgram } from '../support/system-packages.js';
import type { LinkCounts } from './link-relay.js';

export interface Measurement {
  wallSeconds: number;
  /** user + sys of the child (and anything it waited for). */
  cpuSeconds: number;
  maxRssMb: number;
  exitCode: number;
  /** Across a link relay: what went over the line during the run. */
  wire?: LinkCounts;
}

export interface RunSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr of the child are appended here. */
  logFile: string;
}

/** Parses the `-f '%e %U %S %M %x'` line GNU time writes. */
export function parseTimeOutput(text: string): Omit<Measurement, 'wallSeconds'> & { timeWallSeconds: number } {
  const line = text.trim().split('\n').pop() ?? '';
  const [wall, user, sys, rssKb, exit] = line.split(' ').map(Number);
  if ([wall, user, sys, rssKb, exit].some((n) => n === undefined || Number.isNaN(n))) {
    throw new Error(`unexpected output of /usr/bin/time: ${JSON.stringify(line)}`);
  }
  return { timeWallSeconds: wall!, cpuSeconds: user! + sys!, maxRssMb: rssKb! / 1024, exitCode: exit! };
}

export async function measure(spec: RunSpec): Promise<Measurement> {
  const time = ensureProgram('/usr/bin/time', 'time');
  const timeFile = `${spec.logFile}.time`;
  const log = openSync(spec.logFile, 'a');
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(time, ['-f', '%e %U %S %M %x', '-o', timeFile, spec.command, ...spec.args], {
        stdio: ['ignore', log, log],
        env: spec.env ?? process.env,
      });
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const { cpuSeconds, maxRssMb, exitCode } = parseTimeOutput(readFileSync(timeFile, 'utf8'));
    return { wallSeconds, cpuSeconds, maxRssMb, exitCode };
  } finally {
    closeSync(log);
    rmSync(timeFile, { force: true });
  }
}
