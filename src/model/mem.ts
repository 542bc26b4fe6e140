/**
 * The accessor every step and invariant reads and writes the state through. In tracked mode it
 * records the variables touched: the explorer uses that as the step's actual footprint (for
 * sleep sets) and to check that the step stays inside its declared footprint (for ample sets).
 */
export class Mem {
  s: Uint8Array;
  tracking = false;
  readonly reads: number[] = [];
  readonly writes: number[] = [];

  constructor(s: Uint8Array) {
    this.s = s;
  }

  get(v: number): number {
    if (this.tracking) this.reads.push(v);
    return this.s[v];
  }

  set(v: number, x: number): void {
    if (this.tracking) this.writes.push(v);
    this.s[v] = x;
  }

  startTracking(): void {
    this.tracking = true;
    this.reads.length = 0;
    this.writes.length = 0;
  }

  stopTracking(): void {
    this.tracking = false;
  }
}
