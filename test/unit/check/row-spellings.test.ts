import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMails } from '../../../src/check/check.js';
import { parseMessage } from '../../../src/mail/index.js';
import { REUSED } from '../../../src/mm/vocabulary.js';
import { patchMailText } from '../../helpers/patch-mail.js';

// The real-mail measurement draws hunks by the definition lines of scripts/real-mail/rows.tsv
// (each modelled function under its spellings across releases). A hunk inside any of them is in
// a modelled function, so it must never say "touches no modelled function". Each spelling gets a
// hunk that adds a counter bump (no effect on any model) to its body.

/** Where each row's function lives (the file a real patch of it touches). */
const FILE: Readonly<Record<string, string>> = {
  change_protection: 'mm/mprotect.c', change_pte_range: 'mm/mprotect.c', do_mprotect_pkey: 'mm/mprotect.c', mprotect_fixup: 'mm/mprotect.c', can_change_pte_writable: 'mm/mprotect.c',
  change_prot_numa: 'mm/mempolicy.c',
  mwriteprotect_range: 'mm/userfaultfd.c', __mcopy_atomic: 'mm/userfaultfd.c', mcopy_atomic_pte: 'mm/userfaultfd.c', mfill_atomic_pte: 'mm/userfaultfd.c', mcontinue_atomic_pte: 'mm/userfaultfd.c', mfill_atomic_install_pte: 'mm/userfaultfd.c',
  shmem_mfill_atomic_pte: 'mm/shmem.c', clear_refs_write: 'fs/proc/task_mmu.c',
  __get_user_pages: 'mm/gup.c', follow_page_pte: 'mm/gup.c', can_follow_write_pte: 'mm/gup.c', faultin_page: 'mm/gup.c', lockless_pages_from_mm: 'mm/gup.c', gup_pte_range: 'mm/gup.c', gup_pmd_range: 'mm/gup.c', try_grab_folio: 'mm/gup.c', try_get_folio: 'mm/gup.c', folio_fast_pin_allowed: 'mm/gup.c', internal_get_user_pages_fast: 'mm/gup.c',
  madvise_dontneed: 'mm/madvise.c', shrink_folio_list: 'mm/vmscan.c', try_to_unmap_one: 'mm/rmap.c',
  __replace_page: 'kernel/events/uprobes.c', register_for_each_vma: 'kernel/events/uprobes.c', xol_area: 'kernel/events/uprobes.c', copy_to_page: 'kernel/events/uprobes.c',
  move_ptes: 'mm/mremap.c', move_page_tables: 'mm/mremap.c',
};

/**
 * Spellings of a row that are another function, read as not modelled on purpose: the uprobe's
 * VMA list (build_map_info(), whose valid_vma() test the model has in register_for_each_vma()
 * under the mmap lock instead) and the generic __weak arch_uprobe_copy_ixol(), which S4's
 * architecture (MIPS) overrides.
 */
const NOT_MODELLED = /\b(?:build_map_info|arch_uprobe_copy_ixol)\(/;

const rowsFile = new URL('../../../scripts/real-mail/rows.tsv', import.meta.url);
const spellings = readFileSync(rowsFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l) => {
    const [row, fn, all] = l.split('\t');
    // (A spelling cut at 50 characters before its `(` names no function: git prints the whole line.)
    return all.split(' | ').filter((s) => s.includes('(')).map((s) => ({ row, fn, spelling: s }));
  });

/**
 * A name the kernel later gave to another function (REUSED) means the modelled one only before
 * that release: such a hunk is dated before it (2019 for get_user_pages_fast(), 5.6; 2022 for
 * try_grab_folio(), 6.10).
 */
function dateFor(definition: string, fn: string): string {
  // (S0's rows are dated before 6.16, which replaced the __replace_page() its race needs: a
  // later patch is said to be out of S0's releases, scenario-until.test.ts.)
  if (fn === '__replace_page' || fn === 'register_for_each_vma') return 'Mon, 01 Jul 2024 10:00:00 +0000';
  const reused = REUSED.find((r) => new RegExp(String.raw`\b${r.name}\(`).test(definition));
  if (!reused) return 'Mon, 02 Mar 2026 10:00:00 +0000';
  return reused.release === '5.6' ? 'Mon, 01 Jul 2019 10:00:00 +0000' : 'Mon, 01 Aug 2022 10:00:00 +0000';
}

async function reasonFor(file: string, definition: string, fn: string): Promise<string> {
  const lines = [' \tint ret = 0;', ' ', '+\tcount_vm_event(PGFAULT);', ' \tif (!x)', ' \t\treturn 0;', ' \tret = y;'];
  const diff = [`diff --git a/${file} b/${file}`, 'index 1111111..2222222 100644', `--- a/${file}`, `+++ b/${file}`, `@@ -100,5 +100,6 @@ ${definition}`, ...lines].join('\n');
  const raw = patchMailText({ subject: '[PATCH] mm: count one more event', date: dateFor(definition, fn), messageId: 'row-spelling@example.org', message: 'Count an event.', diff });
  const r = await parseMessage(raw);
  if (!r.ok) throw new Error(r.reason);
  const report = checkMails([r.mail], { sweep: false })[0];
  return report.findings.length ? `findings: ${report.findings.map((f) => `${f.scenario} ${f.unmapped.length ? 'unmapped' : f.delta}`).join(', ')}` : report.reason ?? report.outcome;
}

describe('every spelling of the measurement rows is a modelled function', () => {
  it('rows.tsv has its 46 rows', () => {
    expect(new Set(spellings.map((s) => s.row)).size).toBe(46);
  });
  it.each(spellings)('$row $fn: $spelling', async ({ fn, spelling }) => {
    const said = await reasonFor(FILE[fn] ?? 'mm/memory.c', spelling, fn);
    if (NOT_MODELLED.test(spelling)) expect(said).toMatch(/touches no modelled function/);
    else expect(said).toMatch(/^findings: /);
    expect(said).not.toMatch(/unmapped/);
  });
});
