import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The EICAR anti-virus test file: harmless, and known to every scanner as a test finding. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

/**
 * Starts Debian's clamd with a temporary configuration and a local signature file holding only the EICAR file (an
 * .hdb entry: freshclam cannot download signatures from these machines; docs/security.md, "Documents"). Answers the
 * socket to configure as CLAMD_SOCKET and a stop that ends this clamd and removes its directory.
 */
export async function startClamd(): Promise<{ socket: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vink-clamd-'));
  const db = path.join(dir, 'db');
  mkdirSync(db);
  const md5 = createHash('md5').update(EICAR).digest('hex');
  writeFileSync(path.join(db, 'eicar.hdb'), `${md5}:${EICAR.length}:Eicar-Test-Signature\n`);
  const socket = path.join(dir, 'clamd.sock');
  writeFileSync(path.join(dir, 'clamd.conf'), [
    'Foreground yes', `LocalSocket ${socket}`, `DatabaseDirectory ${db}`, `TemporaryDirectory ${dir}`, `PidFile ${path.join(dir, 'clamd.pid')}`, 'LogFile /dev/null', '',
  ].join('\n'));
  const child: ChildProcess = spawn('/usr/sbin/clamd', ['-c', path.join(dir, 'clamd.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 300 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(socket)) {
    child.kill('SIGTERM');
    throw new Error('clamd did not start');
  }
  return {
    socket,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
