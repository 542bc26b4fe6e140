/**
 * The visited-state set: states packed back to back in fixed-size chunks (which double as the
 * BFS queue: ids are handed out in discovery order), an open-addressing hash index of ids, and
 * per state the parent id and the transition that reached it, for counterexamples.
 *
 * Performance notes (the explorer spends most of its time here):
 *  - each hash-table slot holds the id and the state's full 32-bit hash side by side (one cache
 *    line): a probe compares hashes first and touches the stored state only on a hash match, and
 *    growing the table re-inserts from the stored hashes without reading (or rehashing) states;
 *  - a small direct-mapped cache of recently stored or found states is probed first: BFS
 *    successors mostly meet states stored a few hundred ids earlier, and this cache stays in the
 *    CPU caches where the big index cannot (on tlbmig NU=3 ND=2 it answers ~95% of the lookups
 *    that find a known state, and takes ~15% off the search time);
 *  - linear probing at a load factor of at most 3/4 (3/8 right after doubling);
 *  - everything starts small (a model of a few hundred states allocates a few dozen KB), then
 *    the per-state arrays (parent, via, sleep) grow by 1.25x in whole chunks, so their slack
 *    stays small; `bytes` reports all of it.
 */
import { give, take } from './arena.js';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const MAX_LOAD_NUM = 3;
const MAX_LOAD_DEN = 4;
/** Initial capacity (states) of the first chunk, of the per-state arrays, and of the index (slots). */
const INITIAL = 1 << 10;
/** The recent-states cache is used once the index has this many slots (a smaller index stays in the caches anyway). */
const RECENT_FROM = 1 << 17;
/** Largest size of the recent-states cache (entries). */
const RECENT_MAX = 1 << 16;

/** 32-bit hash of the first `words` words of `w` (any fixed function would do; this one mixes well). */
function hashWords(w: Int32Array, words: number): number {
  // Two independent lanes (shorter dependency chains), folded at the end.
  let a = 0x811c9dc5 | 0;
  let b = 0x1b873593 | 0;
  let i = 0;
  for (; i + 1 < words; i += 2) {
    a = Math.imul(a ^ w[i], 0x01000193);
    b = Math.imul(b ^ w[i + 1], 0x5bd1e995);
    a ^= a >>> 15;
    b ^= b >>> 13;
  }
  if (i < words) {
    a = Math.imul(a ^ w[i], 0x01000193);
    a ^= a >>> 15;
  }
  let h = a ^ Math.imul(b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export class StateStore {
  readonly stride: number;
  private readonly words: number;
  /** chunks[c] holds ids c*CHUNK ..; only the first one is ever smaller than CHUNK states. */
  private readonly chunks: Int32Array[];
  /** Slot i: table[2i] = id + 1 (0: empty), table[2i + 1] = the state's hash. */
  private table: Int32Array;
  /** Number of slots - 1 (slots are a power of two). */
  private mask: number;
  private limit: number;
  /** Direct-mapped cache of recently stored or found states, same format as `table` (empty while the index is small). */
  private recent: Int32Array = new Int32Array(0);
  /** Entries - 1, or -1 while the cache is not in use. */
  private recentMask = -1;
  count = 0;
  parent: Int32Array = take(Int32Array, INITIAL, false);
  via: Uint16Array = take(Uint16Array, INITIAL, false);
  /** Sleep set per state (a bit per actor); only kept when reduction is on. */
  sleep: Uint32Array | null;

  constructor(stride: number, withSleep: boolean) {
    if (stride <= 0 || (stride & 3) !== 0) throw new Error('stride must be a positive multiple of 4');
    this.stride = stride;
    this.words = stride >> 2;
    this.chunks = [take(Int32Array, INITIAL * this.words, false)];
    this.table = take(Int32Array, 2 * INITIAL, true);
    this.mask = INITIAL - 1;
    this.limit = (INITIAL * MAX_LOAD_NUM) / MAX_LOAD_DEN;
    this.sleep = withSleep ? take(Uint32Array, INITIAL, false) : null;
  }

  /** Bytes of memory the store holds, to report bytes per state. */
  get bytes(): number {
    let b = this.table.byteLength + this.recent.byteLength + this.parent.byteLength + this.via.byteLength + (this.sleep?.byteLength ?? 0);
    for (const c of this.chunks) b += c.byteLength;
    return b;
  }

  /** Bytes that states actually use (allocation slack excluded; the hash index counted whole). */
  get usedBytes(): number {
    const perState = this.stride + 4 + 2 + (this.sleep ? 4 : 0);
    return this.count * perState + this.table.byteLength + this.recent.byteLength;
  }

  private equals(id: number, w: Int32Array): boolean {
    const c = this.chunks[id >>> CHUNK_BITS];
    const words = this.words;
    const off = (id & CHUNK_MASK) * words;
    for (let i = 0; i < words; i++) if (c[off + i] !== w[i]) return false;
    return true;
  }

  /** Id of the state if stored, else -1. */
  find(w: Int32Array): number {
    const h = hashWords(w, this.words);
    if (this.recentMask >= 0) {
      const rs = 2 * ((h >>> 8) & this.recentMask);
      const re = this.recent[rs];
      if (re !== 0 && this.recent[rs + 1] === h && this.equals(re - 1, w)) return re - 1;
    }
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const e = table[2 * slot];
      if (e === 0) return -1;
      if (table[2 * slot + 1] === h && this.equals(e - 1, w)) return e - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** Stores the state if new. Returns its id, or -(id + 1) when it was already stored. */
  insert(w: Int32Array, parent: number, via: number): number {
    const words = this.words;
    const h = hashWords(w, words);
    const recent = this.recent;
    let rs = -1;
    if (this.recentMask >= 0) {
      rs = 2 * ((h >>> 8) & this.recentMask);
      const re = recent[rs];
      if (re !== 0 && recent[rs + 1] === h && this.equals(re - 1, w)) return -re;
    }
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const e = table[2 * slot];
      if (e === 0) break;
      if (table[2 * slot + 1] === h && this.equals(e - 1, w)) {
        if (rs >= 0) {
          recent[rs] = e;
          recent[rs + 1] = h;
        }
        return -e;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id >= this.parent.length) this.growPerState(id + 1);
    const ci = id >>> CHUNK_BITS;
    const off = (id & CHUNK_MASK) * words;
    if (ci === this.chunks.length) this.chunks.push(take(Int32Array, CHUNK * words, false));
    else if (off === this.chunks[ci].length) this.growFirstChunk();
    const c = this.chunks[ci];
    for (let i = 0; i < words; i++) c[off + i] = w[i];
    this.parent[id] = parent;
    this.via[id] = via;
    table[2 * slot] = id + 1;
    table[2 * slot + 1] = h;
    if (rs >= 0) {
      recent[rs] = id + 1;
      recent[rs + 1] = h;
    }
    if (this.count > this.limit) this.grow();
    return id;
  }

  /** Hands the store's arrays to the next search; the store must not be used after this. */
  release(): void {
    give(...this.chunks, this.table, this.recent, this.parent, this.via, this.sleep);
    this.chunks.length = 0;
    this.count = 0;
  }

  /** Copies state `id` into `w`. */
  load(id: number, w: Int32Array): void {
    const c = this.chunks[id >>> CHUNK_BITS];
    const words = this.words;
    const off = (id & CHUNK_MASK) * words;
    for (let i = 0; i < words; i++) w[i] = c[off + i];
  }

  private growFirstChunk(): void {
    const old = this.chunks[0];
    const c = take(Int32Array, Math.min(CHUNK * this.words, old.length * 2), false);
    c.set(old);
    this.chunks[0] = c;
    give(old);
  }

  private growPerState(n: number): void {
    // Doubling while small; then 1.25x in whole chunks: little slack, linear copying overall.
    const len = this.parent.length;
    const cap = len < CHUNK ? Math.max(n, len * 2) : (Math.max(n, len + (len >>> 2)) + CHUNK_MASK) & ~CHUNK_MASK;
    const p = take(Int32Array, cap, false);
    p.set(this.parent);
    give(this.parent);
    this.parent = p;
    const v = take(Uint16Array, cap, false);
    v.set(this.via);
    give(this.via);
    this.via = v;
    if (this.sleep) {
      const s = take(Uint32Array, cap, false);
      s.set(this.sleep);
      give(this.sleep);
      this.sleep = s;
    }
  }

  /** Doubles the index, re-inserting from the stored hashes (states are not read). */
  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = take(Int32Array, 2 * slots, true);
    const mask = slots - 1;
    for (let i = 0; i < old.length; i += 2) {
      const e = old[i];
      if (e === 0) continue;
      const h = old[i + 1];
      let slot = h & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = e;
      table[2 * slot + 1] = h;
    }
    give(old);
    this.table = table;
    this.mask = mask;
    this.limit = (slots * MAX_LOAD_NUM) / MAX_LOAD_DEN;
    if (slots >= RECENT_FROM && this.recent.length < 2 * RECENT_MAX) {
      // The cache is only a hint: a bigger, empty one loses nothing.
      const r = Math.min(RECENT_MAX, slots >>> 1);
      this.recent = new Int32Array(2 * r);
      this.recentMask = r - 1;
    }
  }
}
