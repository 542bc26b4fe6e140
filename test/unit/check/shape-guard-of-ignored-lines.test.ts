import { describe, expect, it } from 'vitest';
import { countedHunk, mappedFinding } from '../../helpers/shape-checks.js';
import { guardsOfIgnoredLines } from '../../../src/lift/ignored-guards.js';
import { parseItems } from '../../../src/lift/cparse.js';

// A test whose whole block is lines the scenario ignores guards nothing the model holds. S6
// ignores the anon_vma lock (reclaim reaches its moved page-cache page through the file's i_mmap
// tree); before 3.8 that lock was spelled anon_vma_lock(), and move_ptes() took it under
// `if (anon_vma)`. A patch that moves that test into a block of its own deleted an empty `if` the
// model does not have: unmapped ("`if (anon_vma)` is not where the model has it").
const date = 'Mon, 6 Aug 2012 10:00:00 +0000';

describe('a test around lines the scenario ignores goes with them', () => {
  it('S6 (3.5): the pre-3.8 anon_vma_lock() under `if (anon_vma)`, moved into a block of its own, is mapped, with no new verdict', async () => {
    const f = await mappedFinding('S6', '[PATCH] mm/mremap: take the anon_vma lock where the anon_vma is read', date, countedHunk('mm/mremap.c', 74, 'static void move_ptes(struct vm_area_struct *vma, pmd_t *old_pmd,', [
      ' \tspinlock_t *old_ptl, *new_ptl;',
      ' ',
      ' \tif (vma->vm_file) {',
      ' \t\tmapping = vma->vm_file->f_mapping;',
      ' \t\tmutex_lock(&mapping->i_mmap_mutex);',
      ' \t}',
      '-\tif (anon_vma)',
      '-\t\tanon_vma_lock(anon_vma);',
      '+\tif (vma->anon_vma) {',
      '+\t\tanon_vma = vma->anon_vma;',
      '+\t\tanon_vma_lock(anon_vma);',
      '+\t}',
      ' ',
      ' \t/*',
      ' \t * We don\'t have to worry about the ordering of src and dst',
    ]));
    // (3.5 is racy already: the flush deferred since 3.2, fixed in 4.9.)
    expect(f.delta).toBe('pre-existing');
    expect(f.ignored.join('\n')).toMatch(/removed `if \(anon_vma\)` \(its block is only lines ignored here\)/);
  });

  it('keeps a test whose block has a line the scenario reads, a test that may act, and an if with an else', () => {
    const items = (lines: string[]) => parseItems(lines.map((text) => ({ text, origin: 'add' as const })));
    const ignored = (t: { text: string }) => /^anon_vma_lock\(/.test(t.text);
    const all = () => true;
    expect([...guardsOfIgnoredLines(items(['if (anon_vma)', 'anon_vma_lock(anon_vma);']), all, ignored)].map((x) => x.text)).toEqual(['if (anon_vma)']);
    expect(guardsOfIgnoredLines(items(['if (anon_vma) {', 'anon_vma_lock(anon_vma);', 'set_pte_at(mm, addr, pte, entry);', '}']), all, ignored).size).toBe(0);
    expect(guardsOfIgnoredLines(items(['if (trylock_page(page))', 'anon_vma_lock(anon_vma);']), all, ignored).size).toBe(0);
    expect(guardsOfIgnoredLines(items(['if (anon_vma)', 'anon_vma_lock(anon_vma);', 'else', 'set_pte_at(mm, addr, pte, entry);']), all, ignored).size).toBe(0);
  });
});
