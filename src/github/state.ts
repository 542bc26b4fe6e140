/**
 * The outbox entry of a GitHub job: the check run it created (so a retry completes that run
 * instead of creating another), the comment it wrote, and its final state with the reason.
 * Keyed by the delivery id: a delivery GitHub sends again finds its entry and is not reported
 * twice. Redis for the service, memory for one process.
 */
import type { Redis } from 'ioredis';

export type TaskState = 'running' | 'reported' | 'skipped' | 'failed';

export interface TaskEntry {
  readonly state: TaskState;
  readonly checkRunId: number | null;
  readonly commentId: number | null;
  /** Error code when failed, what was skipped and why otherwise. */
  readonly code: string | null;
  readonly reason: string | null;
  readonly attempts: number;
  readonly at: string;
}

export interface TaskStates {
  get(id: string): Promise<TaskEntry | null>;
  update(id: string, patch: Partial<Omit<TaskEntry, 'at'>>): Promise<TaskEntry>;
}

const EMPTY: Omit<TaskEntry, 'at'> = { state: 'running', checkRunId: null, commentId: null, code: null, reason: null, attempts: 0 };

export const FINAL: readonly TaskState[] = ['reported', 'skipped', 'failed'];

export class RedisTaskStates implements TaskStates {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 86400,
  ) {}

  private key(id: string) {
    return `${this.prefix}:task:${id}`;
  }

  async get(id: string): Promise<TaskEntry | null> {
    const v = await this.redis.get(this.key(id));
    return v ? (JSON.parse(v) as TaskEntry) : null;
  }

  async update(id: string, patch: Partial<Omit<TaskEntry, 'at'>>): Promise<TaskEntry> {
    const next: TaskEntry = { ...EMPTY, ...(await this.get(id)), ...patch, at: new Date().toISOString() };
    await this.redis.set(this.key(id), JSON.stringify(next), 'EX', this.ttlSeconds);
    return next;
  }
}

export class MemoryTaskStates implements TaskStates {
  readonly entries = new Map<string, TaskEntry>();

  async get(id: string): Promise<TaskEntry | null> {
    return this.entries.get(id) ?? null;
  }

  async update(id: string, patch: Partial<Omit<TaskEntry, 'at'>>): Promise<TaskEntry> {
    const next: TaskEntry = { ...EMPTY, ...this.entries.get(id), ...patch, at: new Date().toISOString() };
    this.entries.set(id, next);
    return next;
  }
}
