/**
 * Calls through an operations table the patch fills for shmem (`dst_vma->vm_ops->get_shared_folio(
 * inode, pgoff)`, where the same patch adds `.get_shared_folio = shmem_get_shared_folio,` to
 * mm/shmem.c's tables): for a scenario whose VMA maps shmem, the call is a call of that function.
 * Each posting of such a hook names its member anew (2025-2026: ->get_pagecache_folio(),
 * ->get_folio_noalloc(), ->uffd_get_folio(), ->get_shared_folio()); the patch's own table says
 * which function it is. Only a member every shmem table the patch fills binds to one function,
 * and only in the lines the patch adds (a member the kernel had is bound by code the patch does
 * not show). Pure.
 */
import type { DiffFile } from '../diff/types.js';
import { functionNameOf, isDefinitionLine } from './cparse.js';

/** The file whose operations tables are a shmem VMA's (`shmem_vm_ops`, `shmem_anon_vm_ops`, its uffd ops). */
const SHMEM_FILE = /^mm\/shmem\.c$/;

/** A designated initializer of a function member: `.member = function,`. */
const BINDING = /^\s*\.([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*,?\s*$/;

/**
 * Member -> the one function the patch's added lines of mm/shmem.c bind it to, where the patch
 * also adds that function's definition (its body is the patch's to read; a kernel function the
 * patch only names, `.fault = shmem_fault`, is left to the lexicon).
 */
export function shmemOpsBindings(files: readonly DiffFile[]): Map<string, string> {
  const defined = new Set<string>();
  for (const f of files) for (const h of f.hunks) for (const l of h.lines) if (l.kind === 'add' && isDefinitionLine(l.text)) {
    const name = functionNameOf(l.text);
    if (name) defined.add(name);
  }
  const seen = new Map<string, Set<string>>();
  for (const f of files) {
    if (!SHMEM_FILE.test(f.path)) continue;
    for (const h of f.hunks) {
      for (const l of h.lines) {
        if (l.kind !== 'add') continue;
        const m = BINDING.exec(l.text);
        if (!m) continue;
        const s = seen.get(m[1]) ?? new Set<string>();
        s.add(m[2]);
        seen.set(m[1], s);
      }
    }
  }
  const out = new Map<string, string>();
  for (const [member, fns] of seen) if (fns.size === 1 && defined.has([...fns][0])) out.set(member, [...fns][0]);
  return out;
}

/**
 * `files` with each added call through a bound member (`x->vm_ops->member(` or `x.ops.member(`)
 * written as a call of the bound function, and a note for each member so read. Used only where
 * the scenario's VMA maps shmem (the caller decides).
 */
export function callsThroughShmemOps(files: readonly DiffFile[]): { files: DiffFile[]; notes: string[] } {
  const bound = shmemOpsBindings(files);
  if (bound.size === 0) return { files: [...files], notes: [] };
  const read = new Map<string, string>();
  const out = files.map((f) => ({
    ...f,
    hunks: f.hunks.map((h) => ({
      ...h,
      lines: h.lines.map((l) => {
        if (l.kind !== 'add') return l;
        let text = l.text;
        for (const [member, fn] of bound) {
          const re = new RegExp(String.raw`(?<![\w.>])(?:[A-Za-z_]\w*(?:\[[^\]]*\])?(?:->|\.))+${member}\s*\(`, 'g');
          text = text.replace(re, (call) => {
            read.set(call.replace(/\s*\($/, ''), fn);
            return `${fn}(`;
          });
        }
        return text === l.text ? l : { ...l, text };
      }),
    })),
  }));
  const notes = [...read].map(([call, fn]) => `\`${call}()\` is read as ${fn}(), which the patch binds to that member in shmem's operations tables (the model's VMA maps shmem)`);
  return { files: out, notes };
}
