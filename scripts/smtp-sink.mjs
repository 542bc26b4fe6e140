#!/usr/bin/env node
// A local SMTP server that keeps every message it gets as an .eml file, for trying racebot on
// one machine without a real relay (docs/service.md, "Try it locally").
//   node scripts/smtp-sink.mjs [--port 2526] [--host 127.0.0.1] [--dir ./replies]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const port = Number(opt('port', '2526'));
const host = opt('host', '127.0.0.1');
const dir = resolve(opt('dir', 'replies'));
mkdirSync(dir, { recursive: true });
let n = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, cb) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const file = join(dir, `${Date.now()}-${++n}.eml`);
      writeFileSync(file, Buffer.concat(chunks));
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      process.stdout.write(`smtp-sink: ${file} (to ${to})\n`);
      cb(null, 'kept');
    });
  },
});
server.on('error', (e) => process.stderr.write(`smtp-sink: ${e.message}\n`));
server.listen(port, host, () => process.stdout.write(`smtp-sink: listening on ${host}:${port}, keeping mail in ${dir}\n`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
