// A self-contained demo world: a private Dovecot holding generated mail, and an ~/.mbsyncrc-style
// config that points mailkeep at it. Used by `npm run demo`, the screenshots and the e2e tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type CorpusPreset } from './corpus.js';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { dovecotAccount, mbsyncrc } from './mbsyncrc.js';
import { loadCorpus } from './server-mail.js';

export interface DemoWorld {
  server: DovecotServer;
  /** Root of everything the demo writes on the client side. */
  dir: string;
  /** The mbsyncrc mailkeep is started with. */
  configPath: string;
  /** Local Maildir root of the demo account. */
  mailDir: string;
  /** Environment for the mailkeep process: XDG dirs inside `dir`, never the user's own. */
  env: NodeJS.ProcessEnv;
}

export interface DemoOptions {
  preset?: CorpusPreset;
  /** Add a second account whose password is wrong, so an error shows. */
  withBrokenAccount?: boolean;
}

/** The config a user would write: passwords come from a command, as with `pass`. */
export function demoMbsyncrc(
  server: DovecotServer,
  mailDir: string,
  passwordFiles: { good: string; wrong: string },
  withBrokenAccount: boolean,
): string {
  const account = (name: string, passwordFile: string, path: string) =>
    dovecotAccount(server, { name, path, password: { passCmd: `cat ${passwordFile}` }, syncState: '*' });
  const accounts = [account('demo', passwordFiles.good, mailDir)];
  if (withBrokenAccount) accounts.push(account('typo', passwordFiles.wrong, `${mailDir}-typo`));
  return mbsyncrc(accounts, ['mailkeep demo: a private Dovecot on localhost (generated mail)']);
}

export async function startDemoWorld(options: DemoOptions = {}): Promise<DemoWorld> {
  const server = await startDovecot();
  try {
    await loadCorpus(server, generateCorpus(options.preset ?? 'small'));
    const dir = mkdtempSync(join(tmpdir(), 'mailkeep-demo-'));
    const mailDir = join(dir, 'Mail', 'demo');
    mkdirSync(join(dir, 'Mail'), { recursive: true, mode: 0o700 });
    const configPath = join(dir, 'mbsyncrc');
    const good = join(dir, 'password');
    const wrong = join(dir, 'wrong-password');
    writeFileSync(good, `${server.user.password}\n`, { mode: 0o600 });
    writeFileSync(wrong, 'not-the-password\n', { mode: 0o600 });
    writeFileSync(configPath, demoMbsyncrc(server, mailDir, { good, wrong }, options.withBrokenAccount ?? false), {
      mode: 0o600,
    });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_CACHE_HOME: join(dir, 'cache'),
    };
    return { server, dir, configPath, mailDir, env };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
