// Local path helpers shared by every config source: `~`/`$HOME` expansion, XDG locations.
import path from 'node:path';

export interface PathEnv {
  home: string;
  env: Record<string, string | undefined>;
}

/** Expands a leading `~` or `~/` and every `$HOME` / `${HOME}`; relative results resolve against `cwd`. */
export function expandPath(value: string, { home }: PathEnv, cwd = home): string {
  let out = value.replace(/\$\{HOME\}|\$HOME(?![A-Za-z0-9_])/g, home);
  if (out === '~') out = home;
  else if (out.startsWith('~/')) out = home + out.slice(1);
  return path.resolve(cwd, out);
}

/** Shortens a path under `home` to `~/...` for messages. */
export function tildify(file: string, home: string): string {
  if (file === home) return '~';
  const prefix = home.endsWith('/') ? home : `${home}/`;
  return file.startsWith(prefix) ? `~/${file.slice(prefix.length)}` : file;
}

export function configDir({ home, env }: PathEnv): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'mailkeep');
}

/** mailkeep's own config file (written by the setup wizard and `mailkeep import`). */
export function ownConfigPath(pathEnv: PathEnv): string {
  return path.join(configDir(pathEnv), 'config.json');
}

/** Per-account state directory; the name is percent-encoded so any account name is one safe path segment. */
export function accountStateDir(accountName: string, { home, env }: PathEnv): string {
  const safe = accountName.replace(/[^A-Za-z0-9_.-]|^\./g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return path.join(stateRoot({ home, env }), safe);
}

/** mailkeep's directory under the XDG state dir: account state, the event log. */
export function stateRoot({ home, env }: PathEnv): string {
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'mailkeep');
}
