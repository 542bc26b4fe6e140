import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// A PTE write added where the function's model writes the PTE only through steps of its own
// (S1's change_pte_range(): the protection change's start and commit). Read before: the
// vocabulary knew set_pte_at() but S1 binds no step to it, so it was "nothing this model holds",
// and a hunk adding one was said to touch no step of the model. The entry is state the model
// holds: no step of it writes the PTE so, and the hunk is unmapped with that reason.
// The same write on a path no model takes (the non-present entries' tail, after the inner
// branches of the swap entry) stays on that path.
const range = (at: number, lines: string[]) => countedHunk('mm/mprotect.c', at, 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,', lines);
const date = 'Wed, 20 Mar 2019 10:00:00 +0000';

describe('a PTE write added in a function whose model writes the PTE through its own steps (S1)', () => {
  it('on the modelled path: unmapped, with the reason', async () => {
    const f = finding(await check('[PATCH] mm/mprotect: store an aged entry first', date, range(100, [
      ' \t\t\toldpte = ptep_modify_prot_start(vma, addr, pte);',
      ' \t\t\tptent = pte_modify(oldpte, newprot);',
      '+\t\t\tset_pte_at(vma->vm_mm, addr, pte, pte_mkold(ptent));',
      ' \t\t\tif (preserve_write)',
      ' \t\t\t\tptent = pte_mk_savedwrite(ptent);',
    ]).join('\n')), 'S1');
    expect(f.delta).toBe('unmapped');
    expect(f.unmapped.map((u) => u.reason).join('\n')).toMatch(/`set_pte_at\(vma->vm_mm, addr, pte, pte_mkold\(ptent\)\)` \(set_pte\) writes a PTE where the S1 model of change_pte_range\(\) writes it only through its own steps/);
  });
  it("on the non-present entries' tail, after the swap entry's inner branches: on that path", async () => {
    const f = await mappedFinding('S1', '[PATCH] mm/mprotect: write a swap entry back only when it changed', date, range(130, [
      ' \t\t\t\tnewpte = swp_entry_to_pte(entry);',
      ' \t\t\t\tif (pte_swp_soft_dirty(oldpte))',
      ' \t\t\t\t\tnewpte = pte_swp_mksoft_dirty(newpte);',
      '-\t\t\t\tset_pte_at(vma->vm_mm, addr, pte, newpte);',
      '-\t\t\t\tpages++;',
      '+\t\t\t} else {',
      '+\t\t\t\tnewpte = oldpte;',
      ' \t\t\t}',
      '+',
      '+\t\t\tif (uffd_wp_resolve)',
      '+\t\t\t\tnewpte = pte_swp_clear_uffd_wp(newpte);',
      '+',
      '+\t\t\tif (!pte_same(oldpte, newpte)) {',
      '+\t\t\t\tset_pte_at(vma->vm_mm, addr, pte, newpte);',
      '+\t\t\t\tpages++;',
      '+\t\t\t}',
      ' \t\t}',
      ' \t} while (pte++, addr += PAGE_SIZE, addr != end);',
    ]));
    expect(f.delta).toBe('unchanged');
    expect((f.ignored.join('\n').match(/is on change_pte_range\(\)'s non-present entries/g) ?? []).length).toBe(2);
  });
});
