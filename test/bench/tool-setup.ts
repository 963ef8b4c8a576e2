// The bench's two tools set up side by side (each its own home, mail root and mbsyncrc reaching
// the same server accounts), and one sync run of either, measured.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DovecotServer, TestUser } from '../support/dovecot.js';
import type { GmailPersonality } from '../support/gmail-personality.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import type { LinkRelay } from './link-relay.js';
import { measure, type Measurement } from './measure.js';
import type { Tool } from './options.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const USERS: Record<'main' | 'empty' | 'big' | 'gmail', TestUser> = {
  main: { user: 'bench', password: 'bench-password-1' },
  empty: { user: 'empty', password: 'bench-password-2' },
  big: { user: 'big', password: 'bench-password-3' },
  gmail: { user: 'gmail', password: 'bench-password-4' },
};
export interface ToolSetup {
  tool: Tool;
  dir: string;
  mailRoot: string;
  rc: string;
  env: NodeJS.ProcessEnv;
  /** mailkeep under --profile: where each run's CPU profile goes (a sub-directory per run). */
  profileDir?: string;
  /** The line the main accounts are reached across, counting what each run sends over it. */
  link?: LinkRelay;
}

export function setUpTool(
  tool: Tool,
  work: string,
  server: DovecotServer,
  relay: GmailPersonality,
  link: LinkRelay | undefined,
  profileDir?: string,
): ToolSetup {
  const dir = join(work, tool);
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const mailRoot = join(dir, 'mail');
  const rc = join(dir, 'mbsyncrc');
  const direct = (['main', 'empty', 'big'] as const).map((name) =>
    dovecotAccount(server, {
      name,
      user: USERS[name],
      path: join(mailRoot, name),
      syncState: '*',
      ...(link ? { port: link.port } : {}),
    }),
  );
  // Gmail through the personality (plain, on loopback), `Patterns *` as in the usual Gmail setup.
  const gmail = dovecotAccount(server, {
    name: 'gmail',
    user: USERS.gmail,
    path: join(mailRoot, 'gmail'),
    syncState: '*',
    port: relay.port,
    sslType: 'None',
  });
  delete gmail.certificateFile;
  delete gmail.systemCertificates;
  // The same server, patterns and durability for both tools; only the local paths differ.
  writeFileSync(rc, mbsyncrc([...direct, gmail]), { mode: 0o600 });
  // The tools' own state and caches stay inside the run's temp dir.
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
  return {
    tool,
    dir,
    mailRoot,
    rc,
    env,
    ...(profileDir && tool === 'mailkeep' ? { profileDir } : {}),
    ...(link ? { link } : {}),
  };
}

export function lastLine(setup: ToolSetup): string {
  return readFileSync(join(setup.dir, 'sync.log'), 'utf8').trim().split('\n').pop() ?? '';
}

export async function runSync(
  setup: ToolSetup,
  account: keyof typeof USERS,
  label: string,
  extraArgs: string[] = [],
): Promise<Measurement> {
  const logFile = join(setup.dir, 'sync.log');
  // Create Near needs the parent directory of the Maildir root for mbsync.
  mkdirSync(join(setup.mailRoot, account), { recursive: true });
  setup.link?.resetCounts();
  let m: Measurement;
  if (setup.tool === 'mbsync') {
    m = await measure({ command: 'mbsync', args: ['-q', '-c', setup.rc, account], env: setup.env, logFile });
  } else {
    const profile = setup.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(setup.profileDir, label)] : [];
    const args = [
      ...profile,
      join(repoRoot, 'bin', 'mailkeep.js'),
      'sync',
      '-c',
      setup.rc,
      account,
      '--quiet',
      ...extraArgs,
    ];
    m = await measure({ command: process.execPath, args, env: setup.env, logFile });
  }
  return setup.link ? { ...m, wire: setup.link.counts() } : m;
}

export function wireText(m: Measurement): string {
  const w = m.wire;
  return w
    ? `, ${w.roundTrips} round trips, ${(w.bytesDown / 1024 ** 2).toFixed(1)} MB down on ${w.connections} connections`
    : '';
}
