import { describe, expect, it } from 'vitest';
import { check, countedHunk, finding } from '../../helpers/shape-checks.js';

// S0's race needs __replace_page(), which installs a new page in place of the old one; 6.16's
// rewrite of uprobe_write_opcode() writes the opcode into the page itself, so a patch for 6.16 or
// later touches S0's functions where its race cannot be. It is not checked there, and the report
// says why (as a patch for a kernel older than uprobes is, by `since`).
const diff = countedHunk('kernel/events/uprobes.c', 1013, 'register_for_each_vma(struct uprobe *uprobe, struct uprobe_consumer *new)', [
  ' \t\tstruct vm_area_struct *vma;',
  ' ',
  '+\t\tnote_register_walk(mm);',
  ' \t\tmmap_write_lock(mm);',
  ' \t\tif (check_stable_address_space(mm))',
  ' \t\t\tgoto unlock;',
]).join('\n');

describe("a scenario's `until`: the first release without the code its race needs", () => {
  it('a patch for 6.17 is not checked in S0, and the reason names what 6.16 replaced', async () => {
    const r = await check('[PATCH] uprobes: note each register walk', 'Mon, 20 Oct 2025 10:00:00 +0000', diff);
    expect(r.kernelVersion).toBe('6.17');
    expect(r.findings.map((f) => f.scenario)).not.toContain('S0');
    expect(r.reason ?? r.outOfScope.join('\n')).toMatch(/S0 uprobes-replace-page \(the race needs __replace_page\(\).*until 6\.16; this patch is for 6\.17\)/);
  });

  it('the same patch for 6.11 is checked in S0', async () => {
    const r = await check('[PATCH] uprobes: note each register walk', 'Mon, 21 Oct 2024 10:00:00 +0000', diff);
    expect(r.kernelVersion).toBe('6.11');
    expect(finding(r, 'S0').unmapped).toEqual([]);
  });
});
