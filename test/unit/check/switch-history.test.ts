import { describe, expect, it } from 'vitest';
import { parseKernelVersion, switchesForVersion } from '../../../src/check/switches.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';

const s1 = SCENARIOS.find((s) => s.id === 'S1')!;
const at = (v: string) => switchesForVersion(s1, parseKernelVersion(v)!);

describe('a switch with more than one change in its history', () => {
  it("S1's read-lock PTE changer: NUMA hinting before soft-dirty (3.11), clear_refs until UFFDIO_WRITEPROTECT (5.7), then uffd-wp", () => {
    expect(at('3.6').pte_changer).toBe('numa');
    expect(at('3.10').pte_changer).toBe('numa');
    expect(at('3.11').pte_changer).toBe('clear_refs');
    expect(at('5.6').pte_changer).toBe('clear_refs');
    expect(at('5.7').pte_changer).toBe('uffd_wp');
    // A switch with one change keeps its two values.
    expect(at('4.12').tlb_flush_pending_counter).toBe(false);
    expect(at('4.13').tlb_flush_pending_counter).toBe(true);
  });

  it('every earlier change of every switch is older than its release, oldest first, and names a value the switch has', () => {
    const bad: string[] = [];
    for (const sc of SCENARIOS) {
      for (const d of sc.switches) {
        const versions = [...(d.earlier ?? []).map((e) => e.version), ...(d.release ? [d.release.version] : [])].map((v) => parseKernelVersion(v)!);
        for (let i = 1; i < versions.length; i++) {
          const [a, b] = [versions[i - 1], versions[i]];
          if (a.major > b.major || (a.major === b.major && a.minor >= b.minor)) bad.push(`${sc.id} ${d.name}: not oldest first`);
        }
        for (const e of d.earlier ?? []) if (!d.values.includes(e.value)) bad.push(`${sc.id} ${d.name}: ${String(e.value)} is not a value`);
        if (d.earlier && !d.release) bad.push(`${sc.id} ${d.name}: earlier changes without a release`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('a kernel version in a subject tag', () => {
  it('reads releases and stable trees, not a posting\'s revision (`[PATCH v2.5]`)', async () => {
    const { versionFromTags } = await import('../../../src/check/switches.js');
    const v = (tags: string[]) => {
      const r = versionFromTags(tags);
      return r ? `${r.major}.${r.minor}` : null;
    };
    expect(v(['6.6'])).toBe('6.6');
    expect(v(['5.10.y'])).toBe('5.10');
    expect(v(['v6.1'])).toBe('6.1');
    expect(v(['4.19-stable'])).toBe('4.19');
    expect(v(['v2.5'])).toBeNull();
    expect(v(['v3.1'])).toBeNull();
    // (A three-number tag is a release whatever its major: `v3.18.2`.)
    expect(v(['v3.18.2'])).toBe('3.18');
  });
});
