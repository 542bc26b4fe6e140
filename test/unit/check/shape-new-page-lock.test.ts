import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';

// A uprobes posting that locks the new page (the copy) while it joins the rmap and the LRU. Read
// before as the old page's lock, the one page-lock step S0 has: another page's lock bound to it.
// Now: no step, by a stated assumption (the copy is T0's own until mapped, and no other S0 actor
// takes a page lock).
const diff = countedHunk('kernel/events/uprobes.c', 160, 'static int __replace_page(struct vm_area_struct *vma, unsigned long addr,', [
  ' \tget_page(new_page);',
  '+\tlock_page(new_page);',
  ' \tpage_add_new_anon_rmap(new_page, vma, addr, false);',
  ' \tmem_cgroup_commit_charge(new_page, memcg, false, false);',
  ' \tlru_cache_add_active_or_unevictable(new_page, vma);',
  '+\tunlock_page(new_page);',
  ' ',
]);

describe("the new page's lock in __replace_page()", () => {
  it("is not the old page's lock: no step, stated, and no new verdict (S0)", async () => {
    const f = await mappedFinding('S0', '[PATCH] uprobes: keep the copy locked while it is added', 'Tue, 19 Jun 2018 10:00:00 +0000', diff);
    expect(f.delta).toBe('unchanged');
    expect(f.assumptions.join('\n')).toMatch(/`lock_page\(new_page\)` is no step \(the new page's lock/);
    expect(f.assumptions.join('\n')).toMatch(/`unlock_page\(new_page\)` is no step/);
  });
});
