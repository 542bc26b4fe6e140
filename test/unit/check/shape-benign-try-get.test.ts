import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A try-get of an object no model counts (the uprobe's reference, `if (!try_get_uprobe(uprobe))
// return -EINVAL;` at the top of pre_ssout()) was read as a no-effect call tested for failure,
// false: `!false` always took the exit, and every line after it was on no path of S4's model.
// Its success is true: the exit is never taken, and the report says the try-get succeeds.
const diff = countedHunk('kernel/events/uprobes.c', 1990, 'pre_ssout(struct uprobe *uprobe, struct pt_regs *regs, unsigned long bp_vaddr)', [
  ' \tif (!try_get_uprobe(uprobe))',
  ' \t\treturn -EINVAL;',
  ' ',
  '+\t/* the slot comes next */',
  ' \txol_vaddr = xol_get_insn_slot(uprobe);',
  ' \tif (!xol_vaddr) {',
  ' \t\terr = -ENOMEM;',
]);

describe("a uprobe's try-get at the top of pre_ssout()", () => {
  it('succeeds: the single-step path after it is on the model\'s path (S4)', async () => {
    const f = await mappedFinding('S4', '[PATCH] uprobes: say where the slot comes from', 'Wed, 3 Jul 2024 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`try_get_uprobe\(uprobe\)` succeeds \(slab: the S4 model holds none of its state\)/);
  });
});
