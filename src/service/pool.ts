/**
 * A fixed pool of worker threads for the parse/check/render work (see thread-tasks.ts). Why
 * threads and not BullMQ's sandboxed processors: the processor itself stays in the worker's main
 * thread, where it reads and writes the store and enqueues the next stage before the job
 * completes (so a crash at any point re-runs an idempotent job instead of losing a hand-over),
 * while only the pure computation moves off the event loop. Under tsx (tests, `node --import
 * tsx`) a thread starts from a small bootstrap that registers tsx first; from dist/ it loads the
 * compiled check-thread.js directly.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ThreadResults, ThreadTask } from './thread-tasks.js';

interface Pending {
  readonly id: number;
  readonly task: ThreadTask;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  ready: boolean;
}

function spawn(): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const entry = new URL(`./check-thread${ts ? '.ts' : '.js'}`, import.meta.url);
  if (!ts) return new Worker(entry);
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(size = 0) {
    this.size = size > 0 ? size : Math.max(1, availableParallelism() - 1);
  }

  run<K extends ThreadTask['kind']>(task: Extract<ThreadTask, { kind: K }>): Promise<ThreadResults[K]> {
    if (this.closed) return Promise.reject(new Error('thread pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: spawn(), busy: null, ready: false };
    slot.worker.on('message', (msg: { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (msg.ready) {
        slot.ready = true;
        this.pump();
        return;
      }
      const p = slot.busy;
      slot.busy = null;
      if (p && p.id === msg.id) {
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      }
      this.pump();
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const p = slot.busy;
      slot.busy = null;
      if (p) p.reject(e);
      if (!this.closed) this.pump();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`pool thread exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) {
        if (this.slots.length < this.size) this.addSlot();
        return;
      }
      const p = this.queue.shift()!;
      slot.busy = p;
      slot.worker.postMessage({ id: p.id, task: p.task });
    }
  }

  /** Starts every thread now and resolves when all are ready (so the first jobs do not pay for it). */
  async warm(timeoutMs = 30000): Promise<void> {
    while (this.slots.length < this.size) this.addSlot();
    const end = Date.now() + timeoutMs;
    while (this.slots.some((s) => !s.ready) && Date.now() < end && !this.closed) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('thread pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
