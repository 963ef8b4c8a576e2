// `mailkeep import [FILE]`: turns an mbsyncrc (default ~/.mbsyncrc) into mailkeep's own config
// and prints, line by line, what each setting became and what was ignored.
import { findMbsyncrc, type FoundMbsyncrc } from '../config/find-mbsyncrc.js';
import { readConfigText } from '../config/load-config.js';
import { parseMbsyncrc } from '../config/mbsyncrc-parser.js';
import { saveAccounts } from '../config/own-config.js';
import { usesTokenCommand } from '../config/oauth-providers.js';
import { expandPath, tildify } from '../config/paths.js';
import { shellWord } from '../text/shell-word.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

export interface ImportOptions {
  file?: string;
  home: string;
  env: Record<string, string | undefined>;
  cwd?: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function runImport(opts: ImportOptions): Promise<number> {
  const pathEnv = { home: opts.home, env: opts.env };
  const { path: file, choice }: FoundMbsyncrc =
    opts.file === undefined
      ? findMbsyncrc(pathEnv)
      : { path: expandPath(opts.file, pathEnv, opts.cwd ?? process.cwd()) };
  const shown = tildify(file, opts.home);
  if (choice !== undefined) opts.stderr.write(`mailkeep: reading ${sanitizeForTerminal(`${shown}, ${choice}`)}\n`);
  let saved: string;
  try {
    const parsed = parseMbsyncrc(readConfigText(file, opts.home), { path: file, ...pathEnv });
    const width = Math.max(0, ...parsed.mapping.map((m) => m.text.length));
    for (const { line, text, outcome, note } of parsed.mapping) {
      const label = outcome === 'mapped' ? '' : `${outcome}: `;
      opts.stdout.write(
        sanitizeForTerminal(`${`${shown}:${line}`.padEnd(shown.length + 5)} ${text.padEnd(width)}  → ${label}${note}`) +
          '\n',
      );
    }
    for (const warning of parsed.warnings) opts.stderr.write(`mailkeep: warning: ${sanitizeForTerminal(warning)}\n`);
    if (parsed.accounts.length === 0) {
      opts.stderr.write(`mailkeep: ${shown}: no Channel pulls an IMAPStore into a MaildirStore; nothing imported\n`);
      return 2;
    }
    saved = saveAccounts(parsed.accounts, pathEnv, Object.keys(parsed.groups).length ? parsed.groups : undefined);
    const names = parsed.accounts.map((a) => a.name).join(', ');
    opts.stdout.write(
      sanitizeForTerminal(
        `imported ${parsed.accounts.length} account(s) (${names}) into ${tildify(saved, opts.home)}`,
      ) + '\n',
    );
    for (const account of parsed.accounts.filter(usesTokenCommand)) {
      const offer = `mailkeep login ${shellWord(account.name)} --client-id ID`;
      opts.stdout.write(
        sanitizeForTerminal(
          `${account.name}: signs in with the OAuth token its PassCmd prints ` +
            `(AuthMechs ${account.authMechs.join(' ')}), which works as it is; ` +
            `to let mailkeep sign in by itself instead: ${offer}`,
        ) + '\n',
      );
    }
    return 0;
  } catch (error) {
    opts.stderr.write(`mailkeep: ${sanitizeForTerminal(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}
