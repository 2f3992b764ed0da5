import { connect, type Socket } from 'node:net';

/**
 * A small clamd client: streams a buffer to clamd with the INSTREAM command (docs/security.md, "Malware scanning").
 * The protocol: "zINSTREAM\0", then chunks each prefixed by their length as a 4-byte big-endian integer, then a
 * zero-length chunk; clamd answers "stream: OK\0" or "stream: <signature> FOUND\0" (or "... ERROR\0").
 */
export interface ClamdAddress {
  socket?: string | undefined;
  tcp?: string | undefined;
  timeoutMs: number;
}

export type ScanOutcome = { clean: true } | { clean: false; finding: string };

/** Thrown when the scanner cannot be reached or answers something unexpected: the upload must then be refused. */
export class ScannerUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScannerUnavailable';
  }
}

const CHUNK = 64 * 1024;

function open(address: ClamdAddress): Socket {
  if (address.socket) return connect({ path: address.socket });
  const [host, port] = address.tcp!.split(':') as [string, string];
  return connect({ host, port: Number(port) });
}

/** The scanner's answer parsed: "stream: OK" is clean, "stream: <name> FOUND" names the finding. */
export function parseClamdReply(reply: string): ScanOutcome {
  const text = reply.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(text)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { clean: false, finding: found[1]! };
  throw new ScannerUnavailable(`clamd answered: ${text.slice(0, 200)}`);
}

/** Streams content to clamd and returns its verdict; rejects with ScannerUnavailable on any failure or timeout. */
export function scanWithClamd(address: ClamdAddress, content: Buffer): Promise<ScanOutcome> {
  return new Promise((resolve, reject) => {
    const sock = open(address);
    const received: Buffer[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new ScannerUnavailable('clamd did not answer in time'))), address.timeoutMs);
    sock.on('error', (err) => finish(() => reject(new ScannerUnavailable(`clamd unreachable: ${err.message}`))));
    sock.on('data', (d: Buffer) => {
      received.push(d);
      if (d.includes(0)) finish(() => { try { resolve(parseClamdReply(Buffer.concat(received).toString('utf8'))); } catch (e) { reject(e as Error); } });
    });
    sock.on('end', () => finish(() => {
      try { resolve(parseClamdReply(Buffer.concat(received).toString('utf8'))); } catch (e) { reject(e as Error); }
    }));
    sock.on('connect', () => {
      sock.write('zINSTREAM\0');
      for (let at = 0; at < content.length; at += CHUNK) {
        const part = content.subarray(at, at + CHUNK);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(part.length, 0);
        sock.write(len);
        sock.write(part);
      }
      sock.write(Buffer.alloc(4));
    });
  });
}
