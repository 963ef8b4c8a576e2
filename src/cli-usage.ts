// The help text of mailkeep's command line (cli-args.ts parses what it describes).
export const USAGE = `Usage: mailkeep [-c FILE] [--every 15m]    open the full-screen app (sync + reader)
       mailkeep sync [-c FILE] [ACCOUNT | ACCOUNT:MAILBOX | GROUP ...] [--json] [--quiet] [--verbose]
                     [--allow-mass-delete] [--watch [--every 15m]]
                                                sync once, headless (for cron); --watch: keep syncing
       mailkeep schedule install [-c FILE] [--every 15m] [--cron] | status | remove
                                                run \`mailkeep sync\` from a systemd user timer (or cron)
       mailkeep read [-c FILE] [PATH]           read a Maildir tree offline
       mailkeep index [-c FILE] [PATH] [--rebuild] [--quiet]
                                                build or refresh the search index (all accounts, or PATH)
       mailkeep search QUERY... [--json | --files] [--limit N]
                                                search every indexed message (README: the query language)
       mailkeep import [FILE]                   make mailkeep's config from an mbsyncrc (default ~/.mbsyncrc)
       mailkeep login [-c FILE] ACCOUNT [--device] [--client-id ID [--client-secret S] [--store keyring|file]]
                                                sign an account in with OAuth2 (Gmail, Microsoft 365)
       mailkeep restore [-c FILE] SOURCE --to ACCOUNT[:PREFIX] [--dry-run] [--into-source] [--json]
                                                append a Maildir tree's messages to an account (README: Restore)
       mailkeep verify [-c FILE] [ACCOUNT | ACCOUNT:MAILBOX ...] [--deep] [--json]
                                                check the backup against the server (read-only)
       mailkeep export [-c FILE] (PATH | ACCOUNT:MAILBOX) (--mbox FILE | --eml DIR)
                                                write messages out as an mboxrd file or .eml files
       mailkeep --help | --version

Options:
  -c, --config FILE       an ~/.mbsyncrc (read as is) or a mailkeep config file
      --json              sync: one JSON object per event on stdout, a summary last
  -q, --quiet             sync: only errors, warnings that ask you to act, and the summary
  -v, --verbose           sync: also notices and every mailbox checked
      --allow-mass-delete sync: let a mirror delete more than half of a mailbox locally
      --device            login: show a code to enter on another device instead of opening a browser
      --client-id ID      login: switch the account to OAuth sign-in with this client (README: register one)
      --client-secret S   login: the client's secret, where the provider gives one (Google)
      --store WHERE       login: keep the sign-in in the system keyring (default) or a 0600 file
      --to ACCOUNT[:PREFIX] restore: the account to append to, under the folder PREFIX if given
                          (an empty PREFIX, ACCOUNT:, is none: the same folder names)
      --dry-run           restore: show what would be appended; change nothing
      --into-source       restore: allow restoring into the account the backup was taken of
      --deep              verify: also compare every stored file's SHA-256 with the server's message
      --mbox FILE         export: into one mboxrd file (created, never overwritten)
      --eml DIR           export: one .eml file per message into DIR, named by date and subject
      --no-index          sync: do not feed the search index as messages are stored
      --rebuild           index: drop the index and build it anew
      --files             search: print each message's path, one per line (for mutt/neomutt)
      --limit N           search: at most N messages, the newest
      --no-compress       do not ask servers for COMPRESS=DEFLATE (also \`compress: false\` per account)
      --watch             sync: keep running, IDLE on each INBOX and a pass every --every, until SIGTERM/^C
      --every TIME        app, sync --watch, schedule: time between passes (90s, 15m, 1h; 0 = none);
                          default: the config's syncEvery, else 15m
      --cron              schedule install: print a crontab line instead of writing a systemd timer
  -h, --help              this text
  -V, --version           the version

Exit codes: 0 all synced, 1 some mailboxes failed, 2 fatal (usage, config, auth, lock, TLS).
restore: 0 every message appended or already there, 1 some failed, 2 it could not run.
verify: 0 complete, 1 something missing or differing, 2 could not verify (all or part).
search: 0 found, 1 nothing found, 2 error (a bad query, no index).`;
