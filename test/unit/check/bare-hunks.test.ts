import { describe, expect, it } from 'vitest';
import { modelledTexts, nameBareHunks, namesNoFunction } from '../../../src/check/bare-hunks.js';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// A diff made without `-p` (or a hunk git found no function line for) has bare hunk headers,
// `@@ -3240,5 +3240,6 @@`: the function a hunk is in must be read from its own lines. Before,
// such a hunk inside do_wp_page() was "touches no modelled function".
const bare = (at: number, lines: string[]) => countedHunk('mm/memory.c', at, '', lines).map((l) => l.replace(/ @@ $/, ' @@'));
const date = 'Wed, 10 Nov 2021 10:00:00 +0000';
/** A line added near the top of do_wp_page(), among lines of its model. */
const NOTE_IN_DO_WP_PAGE = [
  ' \tstruct vm_area_struct *vma = vmf->vma;',
  ' ',
  '+\tnote_wp_entry(vma);',
  ' \tvmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);',
  ' \tif (!vmf->page) {',
  ' \t\t/*',
];

describe('a hunk whose header names no function', () => {
  it('is read as in the modelled function whose statements its kept lines are, and the report says so', async () => {
    const diff = bare(3240, NOTE_IN_DO_WP_PAGE);
    const r = await check('[PATCH] mm: note write faults', date, diff.join('\n'));
    expect(finding(r, 'S1').unmapped).toEqual([]);
    expect(finding(r, 'S1').delta).toBe('unchanged');
    expect(r.diffSkipped).toMatch(/the hunk @@ -3240,5 \+3240,6 @@ of mm\/memory.c names no function: read as in do_wp_page\(\)/);
  });

  it('is left bare where its lines are as much another modelled function\'s, or too few to tell', () => {
    const texts = modelledTexts(SCENARIOS);
    const parse = (lines: string[]) => parseUnifiedDiff(lines.join('\n')).files;
    // (The unlock of the fault's PTE ends several functions of mm/memory.c alike.)
    const shared = parse(bare(3300, [' \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);', '+\t\tnote_wp_entry(vmf->vma);', ' \t\treturn 0;']));
    expect(nameBareHunks(shared, texts).said).toEqual([]);
    const short = parse(bare(3300, [' \tif (!vmf->page) {', '+\t\tnote_wp_entry(vmf->vma);', ' \t\treturn 0;']));
    expect(nameBareHunks(short, texts).said).toEqual([]);
  });

  it('is read so where the header names a goto label, not a function (git takes `retry:` at column 0)', async () => {
    const diff = countedHunk('mm/memory.c', 3240, 'retry:', NOTE_IN_DO_WP_PAGE);
    const r = await check('[PATCH] mm: note write faults after a label', date, diff.join('\n'));
    expect(finding(r, 'S1').unmapped).toEqual([]);
    expect(finding(r, 'S1').delta).toBe('unchanged');
    expect(r.diffSkipped).toMatch(/names a label \(`retry:`\), not a function: read as in do_wp_page\(\)/);
    // (A function's name is not a label: `foo::bar` and a definition stay as they are.)
    expect(namesNoFunction({ functionName: 'retry:' })).toBe(true);
    expect(namesNoFunction({ functionName: 'static vm_fault_t do_wp_page(struct vm_fault *vmf)' })).toBe(false);
    expect(namesNoFunction({ functionName: 'std::thing' })).toBe(false);
  });

  it('is left bare where the function its lines have is one the patch adds (code moved into a new function)', () => {
    // (Sample 120's L136 shape, 2014: follow_page_pte() split out of follow_page_mask(); a hunk
    // under the label `split_fallthrough:` has follow_page_pte()'s lines on its old side, where
    // they are still follow_page_mask()'s.)
    const texts = modelledTexts(SCENARIOS);
    const adds = countedHunk('mm/memory.c', 3100, 'static void note_fault(struct vm_fault *vmf)', ['+static vm_fault_t do_wp_page(struct vm_fault *vmf)', '+{', '+\treturn do_wp_page_body(vmf);', '+}']);
    const moved = countedHunk('mm/memory.c', 3240, 'retry:', NOTE_IN_DO_WP_PAGE).slice(4);
    const files = parseUnifiedDiff([...adds, ...moved].join('\n')).files;
    expect(nameBareHunks(files, texts).said).toEqual([]);
    // (Without the new definition, the same hunk is read as do_wp_page()'s.)
    expect(nameBareHunks(parseUnifiedDiff(countedHunk('mm/memory.c', 3240, 'retry:', NOTE_IN_DO_WP_PAGE).join('\n')).files, texts).said).toHaveLength(1);
  });

  it('keeps the function a header names', () => {
    const texts = modelledTexts(SCENARIOS);
    const named = parseUnifiedDiff(countedHunk('mm/memory.c', 3240, 'static vm_fault_t wp_page_copy(struct vm_fault *vmf)', [' \tvmf->page = vm_normal_page(vma, vmf->address, vmf->orig_pte);', '+\tnote_wp_entry(vma);']).join('\n')).files;
    const r = nameBareHunks(named, texts);
    expect(r.said).toEqual([]);
    expect(r.files[0].hunks[0].functionName).toMatch(/wp_page_copy/);
  });
});
