/**
 * A real SMTP server (smtp-server) for the outbox tests that can do what a relay does on a bad
 * day: refuse with any code (451 temporary, 550 permanent), or stall after DATA (take the whole
 * message and never answer), so a test can kill the sender in the middle of the transaction.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface PeerMail {
  readonly envelopeTo: string[];
  readonly raw: Buffer;
  readonly mail: ParsedMail;
}

export interface SmtpPeer {
  readonly port: number;
  readonly received: PeerMail[];
  /** Refuse the next `count` messages with `code`. */
  refuse(code: number, count: number): void;
  /** Take the next message's data and never answer it; resolves when that message's data arrived. */
  stallNext(): Promise<void>;
  /** Messages whose data arrived while stalling (never answered). */
  readonly stalled: Buffer[];
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: PeerMail[] = [];
  const stalled: Buffer[] = [];
  let refuseCode = 451;
  let refuseCount = 0;
  let stall: (() => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (stall) {
          const s = stall;
          stall = null;
          stalled.push(raw);
          s();
          return; // never answered
        }
        if (refuseCount > 0) {
          refuseCount--;
          const text = refuseCode >= 500 ? '5.1.1 mailbox unavailable (test)' : '4.3.2 try again later (test)';
          return cb(Object.assign(new Error(text), { responseCode: refuseCode }));
        }
        simpleParser(raw).then(
          (mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            cb(null, 'ok');
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    stalled,
    refuse(code, count) {
      refuseCode = code;
      refuseCount = count;
    },
    stallNext() {
      return new Promise<void>((r) => (stall = r));
    },
    close: () =>
      new Promise<void>((r) => {
        // Stalled sessions would keep close() waiting: drop every connection.
        for (const c of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) c.close();
        server.close(() => r());
      }),
  };
}
