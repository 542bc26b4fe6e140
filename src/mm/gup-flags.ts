/** GUP flag values (include/linux/mm.h), for conditions a scenario evaluates statically. */
export const FOLL = { FOLL_WRITE: 0x01, FOLL_GET: 0x04, FOLL_FORCE: 0x10, FOLL_LONGTERM: 0x100, FOLL_PIN: 0x40000, FOLL_FAST_ONLY: 0x80000, FOLL_PCI_P2PDMA: 0x100000 } as const;

/**
 * Every FOLL_ flag mainline has had in some release (include/linux/mm.h, mm/internal.h), with a
 * few a posting proposed that some tree may carry: a flag not among them is one a posted series
 * invents (2013's FOLL_DURABLE), which no modelled caller can pass unless the patch makes it.
 */
export const MAINLINE_FOLL_FLAGS: ReadonlySet<string> = new Set([
  'FOLL_WRITE', 'FOLL_TOUCH', 'FOLL_GET', 'FOLL_DUMP', 'FOLL_FORCE', 'FOLL_NOWAIT', 'FOLL_NOFAULT', 'FOLL_HWPOISON', 'FOLL_NUMA', 'FOLL_MIGRATION',
  'FOLL_TRIED', 'FOLL_REMOTE', 'FOLL_COW', 'FOLL_ANON', 'FOLL_LONGTERM', 'FOLL_SPLIT_PMD', 'FOLL_PIN', 'FOLL_FAST_ONLY', 'FOLL_SPLIT', 'FOLL_MLOCK',
  'FOLL_POPULATE', 'FOLL_UNLOCKABLE', 'FOLL_PCI_P2PDMA', 'FOLL_INTERRUPTIBLE', 'FOLL_HONOR_NUMA_FAULT', 'FOLL_MADV_POPULATE', 'FOLL_UNSHARE', 'FOLL_LRU',
  'FOLL_BREAK_COW', 'FOLL_NOCMA', 'FOLL_REMOTE_VM', 'FOLL_PGMAP', 'FOLL_GUP_FAST',
]);

/**
 * A posting's own GUP flag (not in MAINLINE_FOLL_FLAGS) that the patch only tests (`gup_flags &
 * FOLL_DURABLE`) and never passes or sets in a line it adds: clear in every modelled GUP, whose
 * callers are mainline's. One fact per such flag, for the patch's lift.
 */
export function postedGupFlagFacts(addedLines: readonly string[], deletedLines: readonly string[] = []): { re: RegExp; fn: RegExp; value: boolean; why: string }[] {
  const tested = new Set<string>();
  const passed = new Set<string>();
  // A mainline flag under a new name (2022's FOLL_FORCE -> FOLL_PTRACE): an added line that is a
  // deleted one with the flag respelled, or a `#define` of it as another flag, is not a new flag.
  const shape = (t: string) => t.replace(/\bFOLL_[A-Z0-9_]+\b/g, 'FOLL_').replace(/\s+/g, ' ').trim();
  const deletedShapes = new Set(deletedLines.filter((d) => /\bFOLL_/.test(d)).map(shape));
  for (const line of addedLines) {
    const alias = /^\s*#\s*define\s+(FOLL_[A-Z0-9_]+)\s+\(?\s*FOLL_[A-Z0-9_]+\s*\)?\s*$/.exec(line);
    if (alias) passed.add(alias[1]);
    for (const m of line.matchAll(/\bFOLL_[A-Z0-9_]+\b/g)) {
      const name = m[0];
      if (MAINLINE_FOLL_FLAGS.has(name)) continue;
      if (deletedShapes.has(shape(line))) {
        passed.add(name);
        continue;
      }
      const before = line.slice(0, m.index).trimEnd();
      if (/^\s*#\s*define\s*$/.test(before)) continue;
      // (`flags & FOLL_X`, `flags & (FOLL_X | FOLL_Y)`: a test; anything else passes or sets it.)
      if (/&\s*\(?(?:\s*FOLL_\w+\s*\|)*\s*$/.test(before) && !/&=\s*\(?[^&]*$/.test(before)) tested.add(name);
      else passed.add(name);
    }
  }
  return [...tested]
    .filter((f) => !passed.has(f))
    .map((f) => ({
      re: new RegExp(`^\\(?\\s*\\*?\\s*(?:gup_|foll_)?flags\\s*&\\s*${f}\\s*\\)?$`),
      fn: /./,
      value: false,
      why: `${f} is no flag of mainline GUP, and the patch passes it nowhere: no modelled caller sets it`,
    }));
}
