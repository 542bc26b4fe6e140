/** Entry of a pool thread: runs ThreadTasks posted by src/service/pool.ts. */
import { parentPort } from 'node:worker_threads';
import { runTask, type ThreadTask } from './thread-tasks.js';

const port = parentPort;
if (!port) throw new Error('check-thread.ts runs as a worker thread');
port.on('message', (msg: { id: number; task: ThreadTask }) => {
  runTask(msg.task).then(
    (result) => port.postMessage({ id: msg.id, ok: true, result }),
    (e: unknown) => port.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
  );
});
port.postMessage({ ready: true });
