/**
 * Email as a Channel: the subsystems' policy is the gate (off / dry-run / author / list, the
 * embargo as a hold), an entry is one reply (report) or acknowledgement (ack) keyed by a hash of
 * what it answers, delivery is one SMTP transaction with a deterministic Message-Id. Because
 * lists and mail readers drop a second copy of a Message-Id, an entry whose process died
 * mid-transaction is simply sent again.
 */
import { bareAddress, messageIdDomain, type Config } from '../../config.js';
import { classifySmtpError, smtpErrorCode, type Mailer } from '../../deliver/smtp.js';
import { reportMessage, type EmailMessage } from '../../deliver/compose.js';
import type { EmailReply } from '../../report/check-report.js';
import { decide as decidePolicy, type Decision, type PolicyState } from '../../service/policy.js';
import type { MailSummary } from '../../service/types.js';
import type { SubsystemsConfig } from '../../config.js';
import { ChannelError, drop, holdUntil, send, type Channel, type CheckResult, type Draft, type Gate, type OutboxEntry, type Receipt, type Recovery, type RetryClass } from '../channel.js';
import { replyRecipients } from './recipients.js';

export interface EmailPolicy {
  readonly subsystems: SubsystemsConfig;
  readonly state: PolicyState;
  readonly mail: MailSummary;
  /** compose's input: the reply's id, the findings claimed for it and the rendered reply. */
  readonly prepared?: { readonly id: string; readonly claimed: readonly string[]; readonly email: EmailReply };
}

export interface EmailDeps {
  readonly cfg: Config;
  readonly mailer: Mailer;
  /** The kill switch in Redis. */
  killSwitch(): Promise<boolean>;
  /** Addresses that opted out (lowercase). */
  optedOut(): Promise<ReadonlySet<string>>;
}

/** The Message-Id of the reply an entry holds (the same for every attempt). */
export function replyMessageId(cfg: Config, id: string): string {
  return `<racebot.${id}@${messageIdDomain(cfg)}>`;
}

export class EmailChannel implements Channel<EmailPolicy, EmailMessage> {
  readonly name = 'email';

  constructor(private readonly deps: EmailDeps) {}

  /** The whole decision of the subsystems' policy (what is reported, to whom, the caps). */
  decision(result: CheckResult, p: EmailPolicy): Decision {
    return decidePolicy(p.subsystems, p.state, p.mail, { outcome: result.outcome, findings: result.findings, followUp: result.followUp });
  }

  decide(result: CheckResult, p: EmailPolicy, now: number): Gate {
    const d = this.decision(result, p);
    if (!d.send) return drop(d.reason);
    const until = result.receivedAt + d.embargoSeconds * 1000;
    return until > now ? holdUntil(until, `embargo of ${d.embargoSeconds} s (${d.subsystems.join(', ')})`) : send();
  }

  async compose(result: CheckResult, p: EmailPolicy, gate: Gate): Promise<readonly Draft<EmailMessage>[]> {
    const d = this.decision(result, p);
    if (gate.action === 'drop' || !d.send || !p.prepared) return [];
    const r = replyRecipients({
      author: p.mail.author,
      to: p.mail.to,
      cc: p.mail.cc,
      lists: d.lists,
      maintainers: d.maintainers,
      ignore: [this.deps.cfg.bot.from, ...this.deps.cfg.bot.ignore, ...d.ignore],
    });
    const payload = reportMessage(p.prepared.email, d.policy, d.maintainers, r, result.receivedAt);
    return [{ id: p.prepared.id, kind: 'report', about: result.key, payload, notBefore: gate.action === 'hold' ? gate.until : result.receivedAt }];
  }

  async deliver(entry: OutboxEntry<EmailMessage>): Promise<Receipt> {
    let info;
    try {
      info = await this.deps.mailer.send(entry.payload, replyMessageId(this.deps.cfg, entry.id));
    } catch (e) {
      throw new ChannelError(smtpErrorCode(e), classifySmtpError(e), (e as Error)?.message ?? String(e));
    }
    const refused = info.rejected.length ? ` (refused: ${info.rejected.join(', ')})` : '';
    return { receipt: `${info.response}${refused}` };
  }

  classify(error: unknown): RetryClass {
    return error instanceof ChannelError ? error.retry : classifySmtpError(error);
  }

  recover(): Recovery {
    return 'resend';
  }

  async cancelled(entry: OutboxEntry<EmailMessage>): Promise<string | null> {
    if (this.deps.cfg.subsystems.killSwitch || (await this.deps.killSwitch())) return 'kill switch';
    if (entry.kind === 'report') {
      const out = await this.deps.optedOut();
      const to = entry.payload.to.split(',').map((a) => bareAddress(a)).filter(Boolean);
      if (to.length && to.every((a) => out.has(a))) return 'the recipient opted out';
    }
    return null;
  }
}
