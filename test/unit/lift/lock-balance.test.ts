import { describe, expect, it } from 'vitest';
import { describeLockMismatch, lockEffects, lockMismatch, lockShapes } from '../../../src/lift/lock-balance.js';
import { iff, op, ret, type KernelCode } from '../../../src/model/code.js';

const test = (c: string) => op('__choice', c);

describe('lock effects of a C line', () => {
  it('reads each spelling of the PTL, the page lock and the mmap lock', () => {
    expect(lockEffects('vmf->pte = pte_offset_map_lock(vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl)')).toEqual([['ptl:ptl', 1]]);
    expect(lockEffects('pte_unmap_unlock(vmf->pte, vmf->ptl)')).toEqual([['ptl:ptl', -1]]);
    expect(lockEffects('spin_lock(vmf->ptl)')).toEqual([['ptl:ptl', 1]]);
    expect(lockEffects('old_ptl = pmd_lock(vma->vm_mm, old_pmd)')).toEqual([['ptl:old_ptl', 1]]);
    expect(lockEffects('spin_unlock(old_ptl)')).toEqual([['ptl:old_ptl', -1]]);
    expect(lockEffects('folio_lock(folio)')).toEqual([['page_lock', 1]]);
    expect(lockEffects('unlock_page(old_page)')).toEqual([['page_lock', -1]]);
    expect(lockEffects('page = find_lock_page(mapping, pgoff)')).toEqual([['page_lock', 1]]);
    expect(lockEffects('ret = pte_alloc_one_map(fe)')).toEqual([['ptl:ptl', 1]]);
    // Before 5.8 the mmap lock is a plain rwsem on mm->mmap_sem.
    expect(lockEffects('down_read(&mm->mmap_sem)')).toEqual([['mmap_read', 1]]);
    expect(lockEffects('mmap_write_unlock(dst_mm)')).toEqual([['mmap_write', -1]]);
    expect(lockEffects('spin_lock(&area->lock)')).toEqual([['spin:lock', 1]]);
    expect(lockEffects('page = vm_normal_page(vma, address, pte)')).toEqual([]);
  });
});

describe('a lift against its base, by what each path does to each lock', () => {
  // do_wp_page() is entered with the PTL held and drops it on every path.
  const base: KernelCode = {
    do_wp_page: [
      iff('if (!page)', test('!page'), [op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'), ret('return VM_FAULT_SIGBUS')]),
      op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'),
      op('wp_page_copy', 'return wp_page_copy(vmf)'),
    ],
  };

  it('a function entered with a lock held is compared as it is: no mismatch when the lift keeps that', () => {
    expect([...lockShapes(base, 'do_wp_page')!]).toEqual(['ptl:ptl:-1/-1']);
    expect(lockMismatch(base, base, ['do_wp_page'])).toBeNull();
  });

  it('a bail-out placed after the unlock it came before is a path the base lacks', () => {
    const lifted: KernelCode = {
      do_wp_page: [...base.do_wp_page.slice(0, 2), iff('if (PageKsm(page))', test('PageKsm(page)'), [op('pte_unmap_unlock', 'pte_unmap_unlock(vmf->pte, vmf->ptl)'), ret('return 0')]), base.do_wp_page[2]],
    };
    const m = lockMismatch(base, lifted, ['do_wp_page']);
    expect(m).toEqual({ fn: 'do_wp_page', shape: 'ptl:ptl:-2/-2', exit: 'return 0', base: ['ptl:ptl:-1/-1'] });
    expect(describeLockMismatch(m!)).toMatch(/do_wp_page\(\) has a path \(leaving by `return 0`\) that PTL ptl held 2x on entry, dropped, which no path of the base does.*mis-lift/);
  });

  it('a goto read as a plain return leaves holding the lock', () => {
    const b: KernelCode = { follow: [op('pte_offset_map_lock', 'ptep = pte_offset_map_lock(mm, pmd, address, &ptl)'), op('x', 'page = vm_normal_page(vma, address, pte)'), op('pte_unmap_unlock', 'pte_unmap_unlock(ptep, ptl)')] };
    const l: KernelCode = { follow: [b.follow[0], b.follow[1], iff('if (PageKsm(page))', test('PageKsm(page)'), [ret('goto out')]), b.follow[2]] };
    expect(lockMismatch(b, l, ['follow'])).toEqual({ fn: 'follow', shape: 'ptl:ptl:0/1', exit: 'goto out', base: [''] });
  });

  it('a path takes the same way at a test it makes twice: lock for write if X ... unlock for write if X', () => {
    const b: KernelCode = { wp: [op('mmap_read_lock', 'mmap_read_lock(mm)'), op('x', 'change_protection(vma)'), op('mmap_read_unlock', 'mmap_read_unlock(mm)')] };
    const l: KernelCode = {
      wp: [
        iff('if (enable_wp)', test('enable_wp'), [op('mmap_write_lock', 'mmap_write_lock(mm)')], [op('mmap_read_lock', 'mmap_read_lock(mm)')]),
        op('x', 'change_protection(vma)'),
        iff('if (enable_wp)', test('enable_wp'), [op('mmap_write_unlock', 'mmap_write_unlock(mm)')], [op('mmap_read_unlock', 'mmap_read_unlock(mm)')]),
      ],
    };
    expect(lockMismatch(b, l, ['wp'])).toBeNull();
    // Under two different tests the paths would cross, and they are then a mismatch.
    const crossed: KernelCode = { wp: [l.wp[0], l.wp[1], iff('if (other)', test('other'), [op('mmap_write_unlock', 'mmap_write_unlock(mm)')], [op('mmap_read_unlock', 'mmap_read_unlock(mm)')])] };
    expect(lockMismatch(b, crossed, ['wp'])).not.toBeNull();
  });

  it('callees are walked inline: an unlock moved from a helper into its caller is the same path', () => {
    const b: KernelCode = { caller: [op('pte_offset_map_lock', 'pte_offset_map_lock(mm, pmd, addr, &ptl)'), { op: 'call', c: 'helper()', fn: 'helper' }], helper: [op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)')] };
    const l: KernelCode = { caller: [b.caller[0], { op: 'call', c: 'helper()', fn: 'helper' }, op('pte_unmap_unlock', 'pte_unmap_unlock(pte, ptl)')], helper: [op('x', 'set_pte_at(mm, addr, pte, entry)')] };
    expect(lockMismatch(b, l, ['caller'])).toBeNull();
  });

  it('`if (!pte)` after `pte = pte_offset_map_lock(...)` (6.5 on): on that branch the PTL was not taken', () => {
    const b: KernelCode = { install: [op('pte_offset_map_lock', 'dst_pte = pte_offset_map_lock(dst_mm, dst_pmd, dst_addr, &ptl)'), op('set_pte_at', 'set_pte_at(dst_mm, dst_addr, dst_pte, _dst_pte)'), op('pte_unmap_unlock', 'pte_unmap_unlock(dst_pte, ptl)')] };
    const l: KernelCode = { install: [b.install[0], iff('if (unlikely(!dst_pte))', test('unlikely(!dst_pte)'), [ret('goto out')]), b.install[1], b.install[2]] };
    expect(lockMismatch(b, l, ['install'])).toBeNull();
    // Another test's failure path still leaves with the PTL held.
    const other: KernelCode = { install: [b.install[0], iff('if (!page)', test('!page'), [ret('goto out')]), b.install[1], b.install[2]] };
    expect(lockMismatch(b, other, ['install'])).toEqual({ fn: 'install', shape: 'ptl:ptl:0/1', exit: 'goto out', base: [''] });
  });

  it('a function the base does not have is not compared by itself', () => {
    expect(lockMismatch({ f: [] }, { f: [op('pte_offset_map_lock', 'pte_offset_map_lock(mm, pmd, addr, &ptl)')] }, ['f'])).toBeNull();
  });
});
