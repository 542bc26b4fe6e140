/**
 * Keeps a kernel clone fresh for the workers: `git fetch` (tags included) on a timer. The timer
 * is unref'd (it never keeps a process alive), fetches never overlap, and a failed fetch is
 * logged and reported, never thrown: a stale tree still resolves bases, only less often.
 * Fetching moves remote-tracking refs and tags; it never touches the work tree, the index or HEAD.
 */
import { KernelTree } from './kernel-tree.js';
import { TreeError, type TreeProblemCode } from './types.js';

export type FetchResult =
  | { readonly ok: true; readonly at: Date }
  | { readonly ok: false; readonly at: Date; readonly code: Extract<TreeProblemCode, 'not-a-git-repo' | 'git-failed'>; readonly message: string };

export interface TreeRefresherOptions {
  /** Time between the end of one fetch and the start of the next. */
  readonly intervalMs: number;
  /** Remote to fetch (default: the clone's default remote). */
  readonly remote?: string | null;
  /** Where failures are said (default: stderr). */
  readonly log?: (message: string) => void;
  /** Called after every fetch, failed or not. */
  readonly onFetch?: (result: FetchResult) => void;
}

export class TreeRefresher {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<FetchResult> | null = null;
  private stopped = true;
  private tree: KernelTree | null = null;
  /** The last fetch's result; null before the first. */
  last: FetchResult | null = null;

  constructor(
    readonly path: string,
    private readonly opts: TreeRefresherOptions,
  ) {
    if (opts.remote && opts.remote.startsWith('-')) throw new TreeError('git-failed', `not a remote name: ${opts.remote}`);
  }

  /** Fetches every `intervalMs` until `stop()`; the first fetch is one interval from now. */
  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule();
    return this;
  }

  /** Whether the timer is running. */
  get running(): boolean {
    return !this.stopped;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh().then(() => this.schedule());
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  /** One fetch now (or the one under way). Never rejects. */
  refresh(): Promise<FetchResult> {
    this.inFlight ??= this.fetchOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchOnce(): Promise<FetchResult> {
    let r: FetchResult;
    try {
      this.tree ??= await KernelTree.open(this.path);
      await this.tree.fetch(this.opts.remote ?? undefined);
      r = { ok: true, at: new Date() };
    } catch (e) {
      const code = e instanceof TreeError && e.code === 'not-a-git-repo' ? 'not-a-git-repo' : 'git-failed';
      r = { ok: false, at: new Date(), code, message: e instanceof Error ? e.message : String(e) };
      (this.opts.log ?? ((m: string) => process.stderr.write(m + '\n')))(`racebot: fetching the kernel tree ${this.path} failed (${code}): ${r.message}`);
    }
    this.last = r;
    try {
      this.opts.onFetch?.(r);
    } catch {
      // a listener's failure is not the fetch's
    }
    return r;
  }

  /** Stops the timer and waits for a fetch under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }
}
