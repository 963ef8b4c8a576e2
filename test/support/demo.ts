// `npm run demo`: a private Dovecot with sample mail, mailkeep opened on it; quitting the app
// stops the server. The local copy stays in a temp dir whose path is printed at the end.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoWorld } from './demo-setup.js';

const bin = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));

process.stdout.write('mailkeep demo: starting a private Dovecot on 127.0.0.1 with generated mail…\n');
const world = await startDemoWorld({ preset: 'small' });
process.stdout.write(`mailkeep demo: server on 127.0.0.1:${world.server.imapsPort}, config ${world.configPath}\n`);

// The demo's own signals go to the app (same terminal); we only wait for it to end.
const ignore = () => undefined;
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);

const code: number = await new Promise((resolve) => {
  const app = spawn(process.execPath, [bin, '-c', world.configPath], { stdio: 'inherit', env: world.env });
  app.on('exit', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  app.on('error', () => resolve(2));
});

await world.server.stop();
if (process.env.MAILKEEP_DEMO_KEEP) {
  process.stdout.write(
    `mailkeep demo: server stopped; your local copy is in ${world.mailDir}\n` +
      `  read it again offline:  node ${bin} read ${world.mailDir}\n`,
  );
} else {
  rmSync(world.dir, { recursive: true, force: true });
  process.stdout.write('mailkeep demo: server stopped, demo files removed (set MAILKEEP_DEMO_KEEP=1 to keep them)\n');
}
process.exitCode = code;
