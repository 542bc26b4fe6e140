/**
 * Typed arrays handed back by a finished search, for the next search in the same process to
 * reuse. A worker checks patch after patch: allocating (and zero-filling, and later collecting)
 * a fresh state store each time costs more than the smaller searches themselves. Pure memory
 * management: what a search finds never depends on whether its arrays came from here.
 */
type Ctor<T> = new (n: number) => T;
type Pooled = Int32Array | Uint16Array | Uint32Array;

/** Most bytes kept in the pool; arrays handed back past that are left to the collector. */
const MAX_POOLED_BYTES = 64 << 20;

const pools = new Map<Ctor<Pooled>, Map<number, Pooled[]>>();
let pooledBytes = 0;

/** An array of `n` elements; zero-filled only if `zeroed` (a recycled one may hold old data). */
export function take<T extends Pooled>(ctor: Ctor<T>, n: number, zeroed: boolean): T {
  const free = pools.get(ctor)?.get(n);
  const a = free?.pop() as T | undefined;
  if (a === undefined) return new ctor(n);
  pooledBytes -= a.byteLength;
  if (zeroed) a.fill(0);
  return a;
}

/** Hands arrays back once nothing reads them any more. */
export function give(...arrays: (Pooled | null)[]): void {
  for (const a of arrays) {
    if (a === null || a.length === 0 || pooledBytes + a.byteLength > MAX_POOLED_BYTES) continue;
    const ctor = a.constructor as Ctor<Pooled>;
    let byLen = pools.get(ctor);
    if (!byLen) pools.set(ctor, (byLen = new Map()));
    let free = byLen.get(a.length);
    if (!free) byLen.set(a.length, (free = []));
    free.push(a);
    pooledBytes += a.byteLength;
  }
}
