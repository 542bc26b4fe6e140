/** Sending an email outbox entry with nodemailer over SMTP, and what an SMTP failure means. */
import nodemailer from 'nodemailer';
import type { RetryClass } from '../channels/channel.js';
import type { Config } from '../config.js';
import { sanitizeMessage, type EmailMessage } from './compose.js';

export interface SentInfo {
  readonly response: string;
  readonly accepted: string[];
  readonly rejected: string[];
}

export interface Mailer {
  send(message: EmailMessage, messageId: string): Promise<SentInfo>;
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
    async send(message, messageId) {
      const m = sanitizeMessage(message);
      const headers: Record<string, string> = {};
      for (const [k, v] of m.headers) headers[k] = v;
      const info = await transport.sendMail({
        from: cfg.bot.from,
        to: m.to,
        ...(m.cc ? { cc: m.cc } : {}),
        subject: m.subject,
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
        ...(m.references ? { references: m.references } : {}),
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

/**
 * An SMTP reply code of 5xx is permanent (the server will never take this message: fail the
 * entry at once); 4xx and anything without a code (connection refused, timeouts) is transient.
 */
export function classifySmtpError(e: unknown): RetryClass {
  const code = Number((e as { responseCode?: unknown })?.responseCode);
  return Number.isFinite(code) && code >= 500 && code < 600 ? 'permanent' : 'transient';
}

/** A stable code for an SMTP failure (`smtp-550`, `smtp-451`, `smtp-ECONNECTION`, ...). */
export function smtpErrorCode(e: unknown): string {
  const x = e as { responseCode?: unknown; code?: unknown };
  if (typeof x?.responseCode === 'number') return `smtp-${x.responseCode}`;
  return `smtp-${typeof x?.code === 'string' ? x.code : 'error'}`;
}
