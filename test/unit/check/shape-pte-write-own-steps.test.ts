import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, liftedFunction, mappedFinding } from '../../helpers/shape-checks.js';

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

// The 2015 NUMA postings set the hinting entry in place inside the NUMA block, after its skip of
// an entry already PROT_NONE (which S1 keeps inside one step of several statements), and leave
// the loop: no start, no commit. S1 reads the store as a step of its own (what the commit stores)
// and places it after that step, by the kept braceless test and its `continue` together.
describe('a NUMA hinting entry set in place inside the NUMA block (S1)', () => {
  const numaInPlace = countedHunk('mm/mprotect.c', 90, 'static unsigned long change_pte_range(struct vm_area_struct *vma, pmd_t *pmd,', [
    ' \t\t\t\t/* Avoid TLB flush if possible */',
    ' \t\t\t\tif (pte_protnone(oldpte))',
    ' \t\t\t\t\tcontinue;',
    '+',
    '+\t\t\t\tptent = pte_mkprotnone(oldpte);',
    '+\t\t\t\tset_pte_at(mm, addr, pte, ptent);',
    '+\t\t\t\tpages++;',
    '+\t\t\t\tcontinue;',
    ' \t\t\t}',
    ' ',
    ' \t\t\tptent = ptep_modify_prot_start(mm, addr, pte);',
  ]);
  const when = 'Thu, 05 Mar 2015 10:00:00 +0000';
  it('is placed after the skip checks, inside the block, and leaves the walk', async () => {
    const fn = await liftedFunction('S1', when, numaInPlace.join('\n'), 'change_pte_range');
    expect(fn).toMatch(/if \(prot_numa\) \{\n\t\tif \(pte_protnone\(oldpte\)\) continue;[^\n]*\n\t\tptent = pte_mkprotnone\(oldpte\);\n\t\tset_pte_at\(mm, addr, pte, ptent\);\n\t\tpte_unmap_unlock\(pte - 1, ptl\);\n\t\treturn pages;\n\t\}/);
  });
  it('is mapped, and no new verdict under the NUMA changer', async () => {
    const f = await mappedFinding('S1', '[PATCH] mm: numa: set the hinting entry without a clear', when, numaInPlace);
    expect(f.delta).toBe('unchanged');
    expect(f.switches.pte_changer).toBe('numa');
  });
});
