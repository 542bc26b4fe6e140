/**
 * A worker process on its own (what `racebot worker` runs), for process managers and tests:
 * `node dist/src/service/worker-main.js` or `node --import tsx src/service/worker-main.ts`.
 * Configuration from RACEBOT_CONFIG and the environment. Prints `ready` once it takes jobs.
 */
import { loadConfig } from '../config.js';
import { jsonLogger } from './context.js';
import { startWorker } from './worker.js';

const cfg = loadConfig();
const h = await startWorker(cfg, { log: jsonLogger('worker', (s) => process.stderr.write(s), process.env.RACEBOT_QUIET === '1') });
process.stdout.write(`ready ${process.pid}\n`);
const stop = async () => {
  await h.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
