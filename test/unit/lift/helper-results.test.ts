import { describe, expect, it } from 'vitest';
import { call, iff, not, op, ret, type IfStmt, type KernelCode, type Stmt } from '../../../src/model/code.js';
import { CHOICE_COND } from '../../../src/model/code.js';
import { decideHelperResults, localConstant, resultTest, resultTestsAsChoices, returnedConstant, stripLocalConstants, undecidedResultTests, withoutEffectFreeCalls } from '../../../src/lift/helper-results.js';

const choice = (c: string) => ({ op: CHOICE_COND, c });

// A helper that installs the PTE unless it changed, returning -EAGAIN then and 0 after it set it.
const installer: Stmt[] = [
  op('pte_offset_map_lock', 'pte = pte_offset_map_lock(mm, pmd, address, &ptl)'),
  iff('if (unlikely(!pte_same(*pte, orig_pte)))', not(op('pte_same', 'pte_same(*pte, orig_pte)')), [op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)'), ret('return -EAGAIN')]),
  op('set_pte_at', 'set_pte_at(mm, address, pte, entry)'),
  op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)'),
  ret('return 0'),
];

const caller = (test: string): Stmt[] => [
  call('install', 'install(...)'),
  iff(test, choice(test.replace(/^if \((.*)\)$/, '$1')) as IfStmt['cond'], [op('put_page', 'put_page(page)'), ret('return VM_FAULT_NOPAGE')]),
  op('unlock_page', 'unlock_page(page)'),
];

/** The ops of every path through a body, in order, as text (returns end a path). */
function paths(body: readonly Stmt[]): string[][] {
  const walk = (list: readonly Stmt[], acc: string[]): string[][] => {
    if (list.length === 0) return [acc];
    const [s, ...rest] = list;
    if (s.op === 'return') return [[...acc, s.c]];
    if (s.op === 'if') {
      const i = s as IfStmt;
      return [...walk([...i.then, ...rest], acc), ...walk([...(i.else ?? []), ...rest], acc)];
    }
    return walk(rest, [...acc, s.op === 'call' ? `call ${(s as { fn: string }).fn}` : s.op]);
  };
  return walk(body, []);
}

describe('a test of what an added helper returns, decided by the exit it took', () => {
  it('reads constants as the caller compares them', () => {
    expect(returnedConstant('return -EAGAIN')).toBe(-1);
    expect(returnedConstant('return 0')).toBe(0);
    expect(returnedConstant('return true')).toBe(1);
    expect(returnedConstant('return NULL')).toBe(0);
    expect(returnedConstant('return VM_FAULT_NOPAGE')).toBe(1);
    expect(returnedConstant('return ret')).toBeUndefined();
    expect(resultTest('if (unlikely(install(vma, vmf) < 0))', 'install')!(-1)).toBe(true);
    expect(resultTest('if (unlikely(install(vma, vmf) < 0))', 'install')!(0)).toBe(false);
    expect(resultTest('if (!install(vma, vmf))', 'install')!(0)).toBe(true);
    expect(resultTest('if (install(vma, vmf))', 'install')!(-1)).toBe(true);
    expect(resultTest('if (install(vma, vmf) & mask)', 'install')).toBeNull();
    expect(resultTest('if (other(vma))', 'install')).toBeNull();
  });

  it("runs the caller's failure branch exactly where the helper failed", () => {
    const code: KernelCode = { install: installer, fault: caller('if (unlikely(install(vma, vmf) < 0))') };
    const { code: out, decided } = decideHelperResults(code, new Set(['install']));
    expect(decided).toEqual(['if (unlikely(install(vma, vmf) < 0))']);
    expect(paths(out.fault)).toEqual([
      ['pte_offset_map_lock', 'pte_unmap_unlock', 'put_page', 'return VM_FAULT_NOPAGE'],
      ['pte_offset_map_lock', 'set_pte_at', 'pte_unmap_unlock', 'unlock_page'],
    ]);
    // The helper itself is left as it was.
    expect(out.install).toEqual(installer);
  });

  it('and `!helper()` the other way round', () => {
    const { code: out } = decideHelperResults({ install: installer, fault: caller('if (!install(vma, vmf))') }, new Set(['install']));
    expect(paths(out.fault)).toEqual([
      ['pte_offset_map_lock', 'pte_unmap_unlock', 'unlock_page'],
      ['pte_offset_map_lock', 'set_pte_at', 'pte_unmap_unlock', 'put_page', 'return VM_FAULT_NOPAGE'],
    ]);
  });

  it('leaves the test explored both ways where a path returns what the model cannot name, or falls off the end', () => {
    for (const body of [[...installer.slice(0, 4), ret('return ret')], installer.slice(0, 4)]) {
      const code: KernelCode = { install: body, fault: caller('if (install(vma, vmf))') };
      const { code: out, decided } = decideHelperResults(code, new Set(['install']));
      expect(decided).toEqual([]);
      expect(out.fault).toEqual(code.fault);
    }
    // Nor a function the patch does not add.
    const code: KernelCode = { install: installer, fault: caller('if (install(vma, vmf))') };
    expect(decideHelperResults(code, new Set()).decided).toEqual([]);
  });

  it('takes out calls of helpers that only test and return', () => {
    const code: KernelCode = {
      gfp_of: [iff('if (vm_file)', choice('vm_file') as IfStmt['cond'], [ret('return mapping_gfp_mask(m)')]), ret('return GFP_KERNEL')],
      fault: [call('gfp_of', 'vmf.gfp_mask = gfp_of(vma)'), op('fault', 'ret = vma->vm_ops->fault(vma, &vmf)')],
    };
    const { code: out, dropped } = withoutEffectFreeCalls(code, (fn) => fn === 'gfp_of');
    expect(dropped).toEqual(['gfp_of']);
    expect(out.fault).toEqual([op('fault', 'ret = vma->vm_ops->fault(vma, &vmf)')]);
  });
});

describe('a test decided by the exits of a helper, bounded', () => {
  it('leaves the test explored both ways where the copies of what follows it would grow past the bound', () => {
    // A helper with 30 exits, each a constant, and 20 steps after the test: 600 statements.
    const exits: Stmt[] = [];
    for (let k = 0; k < 30; k++) exits.push(iff(`if (c${k})`, choice(`c${k}`) as IfStmt['cond'], [ret('return -EBUSY')]));
    const helperBody: Stmt[] = [...exits, ret('return 0')];
    const after: Stmt[] = Array.from({ length: 20 }, (_, k) => op('set_pte_at', `set_pte_at(mm, a${k}, pte, entry)`));
    const fault: Stmt[] = [call('install', 'install(...)'), iff('if (install(vma, vmf))', choice('install(vma, vmf)') as IfStmt['cond'], [ret('return VM_FAULT_NOPAGE')]), ...after];
    const { decided, code: out } = decideHelperResults({ install: helperBody, fault }, new Set(['install']));
    expect(decided).toEqual([]);
    expect(out.fault).toEqual(fault);
  });
});

describe('a test decided by the exits of a helper, with branches that go on', () => {
  it('gives up before the copies double at every test (40 tests that fall through)', () => {
    const tests: Stmt[] = [];
    for (let k = 0; k < 40; k++) tests.push(iff(`if (c${k})`, choice(`c${k}`) as IfStmt['cond'], [op('mk_pte', `entry = mk_pte(page${k}, prot)`)]));
    const helperBody: Stmt[] = [...tests, ret('return 0')];
    const fault: Stmt[] = [call('install', 'install(...)'), iff('if (install(vma, vmf))', choice('install(vma, vmf)') as IfStmt['cond'], [ret('return VM_FAULT_NOPAGE')])];
    const { decided } = decideHelperResults({ install: helperBody, fault }, new Set(['install']));
    expect(decided).toEqual([]);
  });
});

describe('a test of the variable an added helper\'s result was stored in', () => {
  it('reads `err` after `err = helper(...)` as the helper\'s result', () => {
    const t = resultTest('if (err)', 'install', 'err')!;
    expect([t(-1), t(0)]).toEqual([true, false]);
    expect(resultTest('if (unlikely(err < 0))', 'install', 'err')!(-1)).toBe(true);
    expect(resultTest('if (!err)', 'install', 'err')!(0)).toBe(true);
    // (Another variable, or a call on the variable, is not the stored result.)
    expect(resultTest('if (error)', 'install', 'err')).toBeNull();
    expect(resultTest('if (err(x))', 'install', 'err')).toBeNull();
  });

  it('decides `err = helper(); if (err)` by the exit the helper took', () => {
    const code: KernelCode = {
      install: installer,
      fault: [
        call('install', 'err = install(vmf)'),
        iff('if (err)', choice('err') as IfStmt['cond'], [op('put_page', 'put_page(page)'), ret('return VM_FAULT_NOPAGE')]),
        op('unlock_page', 'unlock_page(page)'),
      ],
    };
    const { code: out, decided } = decideHelperResults(code, new Set(['install']));
    expect(decided).toEqual(['if (err)']);
    expect(paths(out.fault)).toEqual([
      ['pte_offset_map_lock', 'pte_unmap_unlock', 'put_page', 'return VM_FAULT_NOPAGE'],
      ['pte_offset_map_lock', 'set_pte_at', 'pte_unmap_unlock', 'unlock_page'],
    ]);
  });

  it('a test left explored both ways falls back to its plain value; others are made choices first', () => {
    const body: Stmt[] = [call('helper', 'err = helper(x)'), iff('if (err)', { op: '__const', c: 'err', args: { value: false } } as unknown as IfStmt['cond'], [ret('goto out')]), op('unlock_page', 'unlock_page(page)')];
    const asChoices = resultTestsAsChoices({ f: body }, new Map([['if (err)', false]]));
    expect((asChoices.f[1] as IfStmt).cond.op).toBe(CHOICE_COND);
    const { code, fell } = undecidedResultTests(asChoices, new Map([['if (err)', false]]));
    expect(fell).toEqual(['if (err)']);
    expect(code.f.map((s) => s.op)).toEqual(['call', 'unlock_page']);
  });
});

describe('a local an added helper set to a constant, returned by an exit', () => {
  it('marks only a constant stored in a local', () => {
    expect(localConstant('err = -EINVAL;')).not.toBeNull();
    expect(localConstant('ret = 0')).not.toBeNull();
    expect(localConstant('err = PTR_ERR(vma)')).toBeNull();
    expect(localConstant('vmf->pte = NULL')).toBeNull();
  });

  it('returns the constant the path set, and the markers go afterwards', () => {
    const helper: Stmt[] = [
      op('mmap_read_lock', 'mmap_read_lock(mm)'),
      localConstant('err = -EAGAIN')!,
      iff('if (changing)', choice('changing') as IfStmt['cond'], [op('mmap_read_unlock', 'mmap_read_unlock(mm)'), ret('return err')]),
      localConstant('err = 0')!,
      ret('return err'),
    ];
    const code: KernelCode = {
      get: helper,
      copy: [call('get', 'err = get(&state)'), iff('if (err)', choice('err') as IfStmt['cond'], [ret('goto out')]), op('install', 'install()'), op('mmap_read_unlock', 'mmap_read_unlock(mm)')],
    };
    const { code: out, decided } = decideHelperResults(code, new Set(['get']));
    expect(decided).toEqual(['if (err)']);
    expect(paths(stripLocalConstants(out).copy)).toEqual([
      ['mmap_read_lock', 'mmap_read_unlock', 'goto out'],
      ['mmap_read_lock', 'install', 'mmap_read_unlock'],
    ]);
    expect(JSON.stringify(stripLocalConstants(out))).not.toMatch(/err = -EAGAIN/);
  });
});
