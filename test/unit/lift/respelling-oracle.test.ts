import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../src/diff/index.js';
import { liftPatch, renderFunction } from '../../../src/lift/lift.js';
import { PRIMITIVES, primitiveOf } from '../../../src/mm/vocabulary.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { resolveSwitches, runCode } from '../../../src/scenarios/run.js';

// A patch that only writes a line of a modelled function in another spelling the vocabulary
// gives for the same primitive (`*vmf->pte` as `ptep_get(vmf->pte)`, get_user_pages_remote() as
// 6.5's get_user_page_vma_remote(), a batched 6.17 name) changes no step: lifted onto every
// variant, it must give that variant's verdict, or be unmapped, never another verdict. A wrong
// one here is a false `introduces` or `fixes` waiting for a real patch of that shape.

const spellings = new Map(PRIMITIVES.map((r) => [r.primitive, r.spellings.map((s) => s.name)]));

/** The line's respellings: its PTE reads through the accessor, its calls under their other names. */
function respellings(line: string): string[] {
  const t = line.trim();
  const out: string[] = [];
  const read = /\*\s*([\w>.-]*pte\w*)\b(?!\s*=)/.exec(t);
  if (read && !/^\*/.test(t) && !/pte_t\s*\*/.test(t)) out.push(t.replace(read[0], `ptep_get(${read[1]})`));
  for (const c of t.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const p = primitiveOf(c[1]);
    if (!p) continue;
    // (Raw refcount arithmetic is no respelling of a put or a get: it frees or fails on nothing.)
    for (const s of spellings.get(p) ?? []) if (s !== c[1] && !/^(?:page|folio)_ref_(?:sub|dec|add|inc)$/.test(s)) out.push(t.replace(new RegExp(`\\b${c[1]}\\(`), `${s}(`));
  }
  return [...new Set(out)];
}

describe('a line respelled by the vocabulary keeps every variant\'s verdict', () => {
  for (const sc of SCENARIOS.filter((s) => s.id !== 'tlbmig')) {
    it(`${sc.id}: no respelling changes a verdict`, () => {
      const wrong: string[] = [];
      let tried = 0;
      for (const v of sc.variants) {
        const code = v.code(sc.baseline);
        const sw = resolveSwitches(sc, v);
        const want = runCode(sc, code, sw);
        for (const f of sc.functions) {
          if (!code[f.name]?.length) continue;
          const lines = renderFunction(code, f.name).split('\n');
          for (let i = 2; i < lines.length - 1; i++) {
            const line = lines[i];
            if (/^\s*[{}]?\s*$/.test(line) || /^\s*(?:if|else|}|while|for)\b/.test(line)) continue;
            // (An op the model makes just before the test that reads its result is written as a
            // line of its own, which no kernel has: `x(a); if (!x(a))`.)
            if (lines[i + 1]?.includes(line.trim().replace(/;$/, ''))) continue;
            for (const r of respellings(line)) {
              const indent = /^\s*/.exec(line)![0];
              const lo = Math.max(1, i - 3);
              const hi = Math.min(lines.length - 1, i + 4);
              const body: string[] = [];
              for (let k = lo; k < hi; k++) body.push(k === i ? `-${line}\n+${indent}${r}` : ` ${lines[k]}`);
              const diff = `diff --git a/${f.file} b/${f.file}\n--- a/${f.file}\n+++ b/${f.file}\n@@ -100,${hi - lo} +100,${hi - lo} @@ ${lines[0]}\n${body.join('\n')}\n`;
              const parsed = parseUnifiedDiff(diff);
              tried++;
              const lifted = liftPatch(sc, parsed.files, code);
              if (lifted.unmapped.length) continue;
              let got;
              try {
                got = runCode(sc, lifted.code, sw);
              } catch {
                continue; // a step the model has no semantics for: unmapped in a check
              }
              if (got.verdict !== want.verdict || got.invariant !== want.invariant) wrong.push(`${v.id} ${f.name}: \`${line.trim()}\` -> \`${r}\`: ${want.verdict} -> ${got.verdict}`);
            }
          }
        }
      }
      expect(tried).toBeGreaterThan(50);
      expect(wrong).toEqual([]);
    });
  }
});
