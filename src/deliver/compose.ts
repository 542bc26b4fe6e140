/**
 * The email channel's messages: a report reply (renderEmail's headers and text, addressed as the
 * policy allows) and the acknowledgement of a command. Every header value is one line (CR/LF
 * dropped) and capped; see src/mail/headers.ts.
 */
import { bareAddress, type Config } from '../config.js';
import { formatAddress, headerText, replyReferences, replySubject } from '../mail/headers.js';
import type { EmailReply } from '../report/check-report.js';
import type { MailSummary } from '../service/types.js';
import { wrap } from '../report/layout.js';

/** The payload of an email outbox entry (plain JSON). */
export interface EmailMessage {
  readonly to: string;
  readonly cc: string | null;
  readonly subject: string;
  readonly inReplyTo: string;
  readonly references: string;
  /** Extra headers (Auto-Submitted, X-Racebot-*). */
  readonly headers: readonly [string, string][];
  readonly text: string;
  /** When the patch replied to arrived (for the reply latency), null for an acknowledgement. */
  readonly receivedAt?: number | null;
}

const header = (e: EmailReply, name: string) => e.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;

/** Every header value of a message on one line (the last line of defence before SMTP). */
export function sanitizeMessage(m: EmailMessage): EmailMessage {
  return {
    ...m,
    to: headerText(m.to),
    cc: m.cc === null ? null : headerText(m.cc),
    subject: headerText(m.subject),
    inReplyTo: headerText(m.inReplyTo),
    references: headerText(m.references),
    headers: m.headers.map(([k, v]) => [k.replace(/[^!-9;-~]/g, ''), headerText(v)] as [string, string]),
  };
}

/**
 * The reply to a patch under a policy: `list` keeps the recipients (renderEmail's To/Cc, or
 * `recipients` when given), `author` drops the Cc, `dry-run` goes to the maintainers only.
 */
export function reportMessage(
  email: EmailReply,
  policy: 'dry-run' | 'author' | 'list',
  maintainers: readonly string[],
  recipients?: { readonly to: string; readonly cc: readonly string[] },
  receivedAt: number | null = null,
): EmailMessage {
  const to = recipients?.to ?? header(email, 'To') ?? '';
  const cc = recipients ? (recipients.cc.length ? recipients.cc.join(', ') : null) : header(email, 'Cc');
  const extra: [string, string][] = [
    ['Auto-Submitted', header(email, 'Auto-Submitted') ?? 'auto-generated'],
    ['X-Racebot-Finding', header(email, 'X-Racebot-Finding') ?? 'none'],
    ['X-Racebot-Policy', policy],
  ];
  let text = email.text;
  let realTo = to;
  let realCc = cc;
  if (policy === 'author') realCc = null;
  if (policy === 'dry-run') {
    realTo = maintainers.join(', ');
    realCc = null;
    const note = wrap(`[racebot dry run: this reply went to the subsystem's maintainers only. With the policy "list" it would go to ${to}${cc ? ` and Cc ${cc}` : ''}.]`, 72).join('\n');
    text = `${note}\n\n${text}`;
  }
  return sanitizeMessage({
    to: realTo,
    cc: realCc,
    subject: header(email, 'Subject') ?? '',
    inReplyTo: header(email, 'In-Reply-To') ?? '',
    references: header(email, 'References') ?? '',
    headers: extra,
    text,
    receivedAt,
  });
}

/** An acknowledgement of a `#racebot` command, to its sender only, threaded under the command. */
export function ackMessage(cfg: Config, cmd: MailSummary, command: string, body: string): EmailMessage {
  const refs = replyReferences([...cmd.references, cmd.inReplyTo, cmd.messageId]);
  const footer = wrap(`racebot, a bot that model-checks mm patches against canonical race scenarios, wrote this reply to a command. Reach its maintainers at ${cfg.bot.contact}.`, 72);
  const own = refs.includes(cmd.messageId);
  return sanitizeMessage({
    to: formatAddress(cmd.from),
    cc: null,
    subject: replySubject(cmd.subject),
    inReplyTo: own ? `<${cmd.messageId}>` : '',
    references: refs.map((r) => `<${r}>`).join(' '),
    headers: [
      ['Auto-Submitted', 'auto-replied'],
      ['X-Racebot-Command', command],
    ],
    text: `${body.trimEnd()}\n\n-- \n${footer.join('\n')}\n`,
    receivedAt: null,
  });
}

/** The bot's own address (lowercase). */
export const botAddress = (cfg: Config) => bareAddress(cfg.bot.from);
