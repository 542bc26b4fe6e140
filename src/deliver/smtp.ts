/** Sending an outbox entry with nodemailer over SMTP. */
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { OutboxEntry } from '../service/store.js';

export interface Mailer {
  send(entry: OutboxEntry, messageId: string): Promise<{ response: string; accepted: string[]; rejected: string[] }>;
  close(): void;
}

export function createMailer(cfg: Config): Mailer {
  const s = cfg.deliver.smtp;
  const common = {
    pool: true,
    maxConnections: cfg.worker.concurrency.deliver,
    connectionTimeout: s.connectionTimeoutMs,
    greetingTimeout: s.connectionTimeoutMs,
    socketTimeout: s.connectionTimeoutMs * 2,
  };
  const transport = s.url
    ? nodemailer.createTransport(s.url, common as never)
    : nodemailer.createTransport({ ...common, host: s.host, port: s.port, secure: s.secure, ignoreTLS: s.ignoreTLS, ...(s.auth ? { auth: s.auth } : {}) });
  return {
    async send(entry, messageId) {
      const m = entry.message;
      const headers: Record<string, string> = {};
      for (const [k, v] of m.headers) headers[k] = v;
      const info = await transport.sendMail({
        from: cfg.bot.from,
        to: m.to,
        ...(m.cc ? { cc: m.cc } : {}),
        subject: m.subject,
        inReplyTo: m.inReplyTo,
        references: m.references,
        messageId,
        headers,
        text: m.text,
        // An SMTP server that accepts some recipients and refuses others still got the mail once.
      });
      return { response: String(info.response ?? ''), accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String) };
    },
    close() {
      transport.close();
    },
  };
}
