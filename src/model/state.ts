/**
 * Machine state as a flat byte vector: every modelled variable (a PTE field, a TLB entry, a
 * lock, an actor's program counter or local) is one byte. Flat bytes hash and compare fast and
 * cost a few dozen bytes a state, which is what lets the explorer store millions of states.
 */
export interface VarDecl {
  readonly name: string;
  readonly init: number;
  /** Largest value the variable may take (inclusive); checked by the explorer's tracked mode. */
  readonly max: number;
}

export class Layout {
  readonly vars: VarDecl[] = [];
  private readonly byName = new Map<string, number>();

  /** Declare one byte variable and return its index. */
  v(name: string, init = 0, max = 255): number {
    if (this.byName.has(name)) throw new Error(`variable ${name} declared twice`);
    if (init < 0 || init > 255 || max > 255) throw new Error(`variable ${name}: values are bytes`);
    const i = this.vars.length;
    this.vars.push({ name, init, max });
    this.byName.set(name, i);
    return i;
  }

  /** Declare name[0..n-1]. */
  arr(name: string, n: number, init = 0, max = 255): number[] {
    return Array.from({ length: n }, (_, k) => this.v(`${name}[${k}]`, init, max));
  }

  index(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) throw new Error(`no variable ${name}`);
    return i;
  }

  name(i: number): string {
    return this.vars[i]?.name ?? `v${i}`;
  }

  get count(): number {
    return this.vars.length;
  }

  /** Bytes a stored state takes: padded to a multiple of 4 so hashing can read 32-bit words. */
  get stride(): number {
    return (this.vars.length + 3) & ~3;
  }

  initial(): Uint8Array {
    const s = new Uint8Array(this.stride);
    this.vars.forEach((d, i) => (s[i] = d.init));
    return s;
  }
}
