import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding, mappedFinding } from '../../helpers/shape-checks.js';

// do_numa_page()'s exit for a page that stays where it is, rewritten (a 2024 stable backport had
// this shape; the lines here are written for the test): the model always takes that exit (no
// modelled NUMA fault migrates its page) and has its path flattened in place. Read before: the
// new `if (...) goto out_map;` became an exit in the model with the model's PTE restore after it.
const hunk = (label: string) =>
  countedHunk('mm/memory.c', 4410, 'static vm_fault_t do_numa_page(struct vm_fault *vmf)', [
    ' \ttarget_nid = numa_migrate_prep(page, vma, vmf->address, page_nid,',
    ' \t\t\t&flags);',
    '-\tif (target_nid == NUMA_NO_NODE) {',
    '-\t\tput_page(page);',
    `+\tif (target_nid == NUMA_NO_NODE)`,
    `+\t\tgoto ${label};`,
    '+\tif (!numa_isolate_misplaced(page, target_nid)) {',
    '+\t\tflags |= TNF_MIGRATE_FAIL;',
    ' \t\tgoto out_map;',
    ' \t}',
    ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
  ]);
const subject = '[PATCH] mm/numa: isolate the misplaced page before dropping the PTL';
const date = 'Tue, 11 Jun 2024 10:00:00 +0000';

describe('an always-taken exit rewritten, with lines after it', () => {
  it('is the same path in S1: mapped, no new verdict, the unreached lines said', async () => {
    const f = await mappedFinding('S1', subject, date, hunk('out_map'));
    expect(f.delta).not.toMatch(/introduces|fixes/);
    expect(f.ignored.join('\n')).toMatch(/`if \(target_nid == NUMA_NO_NODE\) goto out_map` is always taken in the model, on both sides: the same path; the lines added after it never run there \(`if \(!numa_isolate_misplaced\(page, target_nid\)\)`/);
  });

  it('is not taken for the same path when the new jump goes elsewhere', async () => {
    const f = finding(await check(subject, date, hunk('out').join('\n')), 'S1');
    expect(f.ignored.join('\n')).not.toMatch(/on both sides: the same path/);
  });

  it('lines after a label below the jump are not read as never run', async () => {
    const withLabel = countedHunk('mm/memory.c', 4410, 'static vm_fault_t do_numa_page(struct vm_fault *vmf)', [
      ' \ttarget_nid = numa_migrate_prep(page, vma, vmf->address, page_nid,',
      ' \t\t\t&flags);',
      '-\tif (target_nid == NUMA_NO_NODE) {',
      '-\t\tput_page(page);',
      '+\tif (target_nid == NUMA_NO_NODE)',
      '+\t\tgoto out_map;',
      '+retry:',
      '+\tif (!numa_isolate_misplaced(page, target_nid)) {',
      '+\t\tflags |= TNF_MIGRATE_FAIL;',
      ' \t\tgoto out_map;',
      ' \t}',
      ' \tpte_unmap_unlock(vmf->pte, vmf->ptl);',
    ]);
    const f = finding(await check(subject, date, withLabel.join('\n')), 'S1');
    expect(f.ignored.filter((x) => /never run there/.test(x)).join('\n')).not.toMatch(/numa_isolate_misplaced/);
  });
});
