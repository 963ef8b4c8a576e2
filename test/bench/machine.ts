// What the numbers were measured on.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  mbsync: string;
  dovecot: string;
  /** 1-minute load average when the run started: other work on the box skews the numbers. */
  loadAverage: number;
  /** The mailkeep tree measured: commit, `+dirty` with uncommitted changes. */
  mailkeep: string;
}

function versionOf(program: string, args: string[]): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    mbsync: versionOf('mbsync', ['--version']),
    dovecot: versionOf('dovecot', ['--version']),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    mailkeep: `${versionOf('git', ['rev-parse', '--short', 'HEAD'])}${versionOf('git', ['status', '--porcelain', '--untracked-files=no']) ? '+dirty' : ''}`,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Linux ${m.kernel}, Node ${m.node}, ${m.mbsync}, Dovecot ${m.dovecot}, load ${m.loadAverage}; mailkeep ${m.mailkeep}`;
}
