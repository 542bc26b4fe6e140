/**
 * Outbox messages: a report reply (renderEmail's headers and text, addressed as the policy
 * allows) and the acknowledgement of a command.
 */
import { bareAddress, type Config } from '../config.js';
import type { EmailReply } from '../report/check-report.js';
import type { OutboxMessage } from '../service/store.js';
import type { MailSummary } from '../service/types.js';
import { wrap } from '../report/layout.js';

const header = (e: EmailReply, name: string) => e.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;

const fmt = (a: { name: string; address: string }) => (a.name ? `${/[",;<>@()]/.test(a.name) ? JSON.stringify(a.name) : a.name} <${a.address}>` : a.address);

/** The reply to a patch under a policy: `list` keeps renderEmail's To/Cc, `author` drops the Cc, `dry-run` goes to the maintainers only. */
export function reportMessage(email: EmailReply, policy: 'dry-run' | 'author' | 'list', maintainers: readonly string[]): OutboxMessage {
  const to = header(email, 'To') ?? '';
  const cc = header(email, 'Cc');
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
  return {
    to: realTo,
    cc: realCc,
    subject: header(email, 'Subject') ?? '',
    inReplyTo: header(email, 'In-Reply-To') ?? '',
    references: header(email, 'References') ?? '',
    headers: extra,
    text,
  };
}

/** An acknowledgement of a `#racebot` command, to its sender only, threaded under the command. */
export function ackMessage(cfg: Config, cmd: MailSummary, command: string, body: string): OutboxMessage {
  const refs = [...cmd.references, cmd.inReplyTo, cmd.messageId].filter((x, i, a): x is string => !!x && a.indexOf(x) === i);
  const subject = /^re:/i.test(cmd.subject) ? cmd.subject : `Re: ${cmd.subject}`;
  const footer = wrap(`racebot, a bot that model-checks mm patches against canonical race scenarios, wrote this reply to a command. Reach its maintainers at ${cfg.bot.contact}.`, 72);
  return {
    to: fmt(cmd.from),
    cc: null,
    subject,
    inReplyTo: `<${cmd.messageId}>`,
    references: refs.map((r) => `<${r}>`).join(' '),
    headers: [
      ['Auto-Submitted', 'auto-replied'],
      ['X-Racebot-Command', command],
    ],
    text: `${body.trimEnd()}\n\n-- \n${footer.join('\n')}\n`,
  };
}

/** The bot's own address (lowercase). */
export const botAddress = (cfg: Config) => bareAddress(cfg.bot.from);
