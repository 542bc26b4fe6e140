/**
 * The visited-state set: states packed back to back in fixed-size chunks (which double as the
 * BFS queue: ids are handed out in discovery order), an open-addressing hash index of ids, and
 * per state the parent id and the transition that reached it, for counterexamples.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

export class StateStore {
  readonly stride: number;
  private readonly words: number;
  private readonly chunks: Int32Array[] = [];
  private table: Int32Array;
  private mask: number;
  count = 0;
  parent: Int32Array = new Int32Array(CHUNK);
  via: Uint16Array = new Uint16Array(CHUNK);
  /** Sleep set per state (a bit per actor); only kept when reduction is on. */
  sleep: Uint32Array | null;

  constructor(stride: number, withSleep: boolean) {
    this.stride = stride;
    this.words = stride >> 2;
    this.table = new Int32Array(1 << 16);
    this.mask = this.table.length - 1;
    this.sleep = withSleep ? new Uint32Array(CHUNK) : null;
  }

  /** Bytes of memory the store holds, to report bytes per state. */
  get bytes(): number {
    return (
      this.chunks.length * CHUNK * this.stride +
      this.table.byteLength +
      this.parent.byteLength +
      this.via.byteLength +
      (this.sleep?.byteLength ?? 0)
    );
  }

  /** Bytes that states actually use (allocation slack excluded). */
  get usedBytes(): number {
    const perState = this.stride + 4 + 2 + (this.sleep ? 4 : 0);
    return this.count * perState + this.table.byteLength;
  }

  private hash(w: Int32Array): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.words; i++) {
      h = Math.imul(h ^ w[i], 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    return h >>> 0;
  }

  private equals(id: number, w: Int32Array): boolean {
    const c = this.chunks[id >>> CHUNK_BITS];
    const off = (id & CHUNK_MASK) * this.words;
    for (let i = 0; i < this.words; i++) if (c[off + i] !== w[i]) return false;
    return true;
  }

  /** Id of the state if stored, else -1. */
  find(w: Int32Array): number {
    let slot = this.hash(w) & this.mask;
    for (;;) {
      const e = this.table[slot];
      if (e === 0) return -1;
      if (this.equals(e - 1, w)) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores the state if new. Returns its id, or -(id + 1) when it was already stored. */
  insert(w: Int32Array, parent: number, via: number): number {
    let slot = this.hash(w) & this.mask;
    for (;;) {
      const e = this.table[slot];
      if (e === 0) break;
      if (this.equals(e - 1, w)) return -e;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if ((id & CHUNK_MASK) === 0) {
      this.chunks.push(new Int32Array(CHUNK * this.words));
      if (id + CHUNK > this.parent.length) this.growPerState(id + CHUNK);
    }
    this.chunks[id >>> CHUNK_BITS].set(w.subarray(0, this.words), (id & CHUNK_MASK) * this.words);
    this.parent[id] = parent;
    this.via[id] = via;
    this.table[slot] = id + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return id;
  }

  /** Copies state `id` into `w`. */
  load(id: number, w: Int32Array): void {
    const c = this.chunks[id >>> CHUNK_BITS];
    const off = (id & CHUNK_MASK) * this.words;
    for (let i = 0; i < this.words; i++) w[i] = c[off + i];
  }

  private growPerState(n: number): void {
    const cap = Math.max(n, this.parent.length * 2);
    const p = new Int32Array(cap);
    p.set(this.parent);
    this.parent = p;
    const v = new Uint16Array(cap);
    v.set(this.via);
    this.via = v;
    if (this.sleep) {
      const s = new Uint32Array(cap);
      s.set(this.sleep);
      this.sleep = s;
    }
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    const w = new Int32Array(this.words);
    for (let id = 0; id < this.count; id++) {
      this.load(id, w);
      let slot = this.hash(w) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
