/**
 * S0 uprobes-replace-page: `uprobe_write_opcode()` copies the probed page with no PTL held, then
 * `__replace_page()` switches the PTE to the copy. Does anyone still write the old page after the
 * copy, and does every TLB (CPU, IOMMU, KVM) lose the old translation before the new PTE is
 * visible? Code: kernel/events/uprobes.c around v4.12/v5.0.
 */
import { call, iff, not, op, ret, type KernelCode, type Op, type Semantics, type StepSpec } from '../../model/code.js';
import { compileActor } from '../../model/code.js';
import { insertAfter, remove, replace } from '../../model/edit.js';
import {
  anchor,
  copy_highpage,
  declPte,
  declTlb,
  flush_tlb_page,
  get_page,
  heldLocks,
  lock_page,
  mmu_notifier_invalidate_range,
  mmu_notifier_invalidate_range_end,
  mmu_notifier_invalidate_range_start,
  page_remove_rmap,
  pte_offset_map_lock,
  pte_unmap_unlock,
  ptep_clear_flush,
  ptep_clear_flush_notify,
  put_page,
  set_pte_at,
  trackedBits,
  unlock_page,
  type MmState,
  type Page,
  type Tlb,
} from '../../mm/index.js';
import type { Mem } from '../../model/mem.js';
import type { Actor, Invariant, Model, Transition } from '../../model/program.js';
import { Layout } from '../../model/state.js';
import { INVARIANTS } from './invariants.js';
import { lexicon } from './lexicon.js';
import type { Scenario, Switches } from '../scenario.js';

const OLD = 1;
const NEW = 2;
const PAGE_NAMES = ['none', 'old_page', 'new_page'];

const FILE = 'kernel/events/uprobes.c';

const baseline: KernelCode = {
  // register_for_each_vma() / the unregister walk: only VMAs valid_vma() accepts get the breakpoint.
  register_for_each_vma: [
    op('mmap_setup', 'vma = mmap(file, PROT_READ | PROT_EXEC, MAP_PRIVATE) /* the probed text mapping */'),
    call('valid_vma', 'valid_vma(vma, is_register)'),
    iff('if (!valid_vma(vma, is_register))', not(op('valid_vma_ok', 'valid_vma(vma, is_register)')), [ret('goto unlock')]),
    call('uprobe_write_opcode', 'err = install_breakpoint(uprobe, mm, vma, info->vaddr) /* or remove_breakpoint(): uprobe_write_opcode() */'),
  ],
  valid_vma: [
    op('valid_vma_flags', 'vm_flags_t flags = VM_HUGETLB | VM_MAYEXEC | VM_MAYSHARE'),
    iff('if (is_register)', op('is_register', 'is_register'), [op('flags_add_write', 'flags |= VM_WRITE')]),
    op('valid_vma_result', 'return vma->vm_file && (vma->vm_flags & flags) == VM_MAYEXEC'),
  ],
  uprobe_write_opcode: [
    op('get_user_pages_remote', 'ret = get_user_pages_remote(NULL, mm, vaddr, 1, FOLL_FORCE | FOLL_SPLIT, &old_page, &vma, NULL)'),
    op('verify_opcode', 'ret = verify_opcode(old_page, vaddr, &opcode)'),
    op('anon_vma_prepare', 'ret = anon_vma_prepare(vma)'),
    op('alloc_page_vma', 'new_page = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, vaddr)'),
    op('__SetPageUptodate', '__SetPageUptodate(new_page)'),
    op('copy_highpage', 'copy_highpage(new_page, old_page)'),
    op('copy_to_page', 'copy_to_page(new_page, vaddr, &opcode, UPROBE_SWBP_INSN_SIZE)'),
    call('__replace_page', 'ret = __replace_page(vma, vaddr, old_page, new_page)'),
    op('put_page_new', 'put_page(new_page)'),
    op('put_page_old_ref', 'put_page(old_page)'),
  ],
  __replace_page: [
    op('mem_cgroup_try_charge', 'err = mem_cgroup_try_charge(new_page, vma->vm_mm, GFP_KERNEL, &memcg, false)'),
    op('lock_page', 'lock_page(old_page)'),
    op('mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_start(&range)'),
    op('page_vma_mapped_walk', 'if (!page_vma_mapped_walk(&pvmw))'),
    op('get_page_new', 'get_page(new_page)'),
    op('page_add_new_anon_rmap', 'page_add_new_anon_rmap(new_page, vma, addr, false)'),
    op('mem_cgroup_commit_charge', 'mem_cgroup_commit_charge(new_page, memcg, false, false)'),
    op('lru_cache_add_active_or_unevictable', 'lru_cache_add_active_or_unevictable(new_page, vma)'),
    op('flush_cache_page', 'flush_cache_page(vma, addr, pte_pfn(*pvmw.pte))'),
    op('ptep_clear_flush_notify', 'ptep_clear_flush_notify(vma, addr, pvmw.pte)'),
    op('set_pte_at_notify', 'set_pte_at_notify(mm, addr, pvmw.pte, mk_pte(new_page, vma->vm_page_prot))'),
    op('page_remove_rmap', 'page_remove_rmap(old_page, false)'),
    iff('if (!page_mapped(old_page))', not(op('page_mapped', 'page_mapped(old_page)')), [op('try_to_free_swap', 'try_to_free_swap(old_page)')]),
    op('page_vma_mapped_walk_done', 'page_vma_mapped_walk_done(&pvmw)'),
    op('munlock_vma_page', 'if (vma->vm_flags & VM_LOCKED) munlock_vma_page(old_page)'),
    op('put_page_old_map', 'put_page(old_page)'),
    op('mmu_notifier_invalidate_range_end', 'mmu_notifier_invalidate_range_end(&range)'),
    op('unlock_page', 'unlock_page(old_page)'),
  ],
};


/** `ptep_clear_flush` instead of `ptep_clear_flush_notify`: S0.4 before v6.6, S0.7 from v6.6 on. */
const plainFlush = (b: KernelCode) => replace(b, '__replace_page', 'ptep_clear_flush_notify', [op('ptep_clear_flush', 'ptep_clear_flush(vma, addr, pvmw.pte)')]);

const variants: Scenario['variants'] = [
  {
    id: 'S0.0',
    title: 'baseline: ptep_clear_flush_notify -> set_pte_at_notify -> _range_end (read-only mapping)',
    source: '[S1], M0a context',
    expected: 'safe',
    invariants: [],
    code: (b) => b,
  },
  {
    id: 'S0.1',
    title: 'RFC 1/4: set_pte_at instead of set_pte_at_notify',
    source: 'M0a',
    expected: 'safe',
    invariants: [],
    code: (b) => replace(b, '__replace_page', 'set_pte_at_notify', [op('set_pte_at', 'set_pte_at(mm, addr, pvmw.pte, mk_pte(new_page, vma->vm_page_prot))')]),
  },
  {
    id: 'S0.2',
    title: 'keep ptep_clear_flush_notify, _range_end -> _range_only_end',
    source: 'M0b, M0c',
    expected: 'safe',
    invariants: [],
    code: (b) =>
      replace(b, '__replace_page', 'mmu_notifier_invalidate_range_end', [
        op('mmu_notifier_invalidate_range_only_end', 'mmu_notifier_invalidate_range_only_end(&range)'),
      ]),
  },
  {
    id: 'S0.3',
    title: 'broken: ptep_clear_flush (no _notify) + _range_only_end',
    source: 'inference',
    expected: 'race',
    invariants: ['I0.3', 'I0.2'],
    switches: { secondary_tlb_in_arch_flush: false },
    code: (b) =>
      replace(
        replace(b, '__replace_page', 'ptep_clear_flush_notify', [op('ptep_clear_flush', 'ptep_clear_flush(vma, addr, pvmw.pte)')]),
        '__replace_page',
        'mmu_notifier_invalidate_range_end',
        [op('mmu_notifier_invalidate_range_only_end', 'mmu_notifier_invalidate_range_only_end(&range)')],
      ),
  },
  {
    id: 'S0.4',
    title: 'broken: ptep_clear_flush (no _notify) + _range_end, before v6.6',
    source: 'inference',
    expected: 'race',
    invariants: ['I0.3'],
    switches: { secondary_tlb_in_arch_flush: false },
    code: plainFlush,
  },
  {
    id: 'S0.5',
    title: '"racy by design" copy: unregister on a VMA made writable after the breakpoint went in',
    source: 'M0b; valid_vma(.., false) [S1]',
    expected: 'race',
    invariants: ['I0.1'],
    switches: { uprobe_op: 'unregister' },
    code: (b) => b,
  },
  {
    id: 'S0.6',
    title: 'broken ordering: set_pte_at(new) before the flush',
    source: 'inference; wp_page_copy comment [S3]',
    expected: 'race',
    invariants: ['I0.3'],
    code: (b) =>
      insertAfter(remove(b, '__replace_page', 'ptep_clear_flush_notify'), '__replace_page', 'set_pte_at_notify', [
        op('flush_tlb_page', 'flush_tlb_page(vma, addr)'),
        op('mmu_notifier_invalidate_range', 'mmu_notifier_invalidate_range(mm, addr, addr + PAGE_SIZE)'),
      ]),
  },
  {
    id: 'S0.7',
    title: 'v6.6+: ptep_clear_flush + _range_end (secondary TLBs invalidated by the arch flush)',
    source: 'M0e',
    expected: 'safe',
    invariants: [],
    switches: { secondary_tlb_in_arch_flush: true },
    code: plainFlush,
  },
  {
    id: 'S0.8',
    title: 'Song Liu: new_page == NULL means "just unmap" (no set_pte)',
    source: 'M0d',
    expected: 'safe',
    invariants: [],
    code: (b) =>
      remove(
        remove(remove(b, '__replace_page', 'set_pte_at_notify'), 'uprobe_write_opcode', 'copy_highpage'),
        'uprobe_write_opcode',
        'copy_to_page',
      ),
  },
];

export const s0: Scenario = {
  lexicon,
  id: 'S0',
  name: 'uprobes-replace-page',
  question:
    'Does __replace_page() copy a page someone can still write, and does every TLB (CPU, IOMMU, KVM) lose the old translation before the new PTE is visible?',
  since: { version: '3.5', what: 'uprobes (register_for_each_vma(), __replace_page())' },
  // 6.16's rewrite of uprobe_write_opcode() writes the opcode into the (exclusive, anonymous)
  // page in place, under the PTL with the PTE cleared and flushed: no new page replaces the old
  // one, so there is no old page for a TLB or a secondary MMU to keep using.
  until: { version: '6.16', what: '__replace_page(), which installs a new page in place of the old one (6.16 writes the opcode into the page itself)' },
  actors: ['T0 uprobe_write_opcode (mmap_sem write)', 'T1 user thread (CPU TLB)', 'T2 IOMMU (IOTLB, invalidate_range only)', 'T3 KVM (sPTE, start/end/change_pte)'],
  switches: [
    { name: 'secondary_tlb_in_arch_flush', values: [false, true], default: false, doc: 'v6.6+: the arch TLB flush also invalidates secondary TLBs (M0e)', phrases: { false: 'on kernels before v6.6', true: 'on v6.6 and later' }, release: { version: '6.6', before: false, after: true } },
    { name: 'secondary_mmu', values: ['both', 'iommu', 'kvm', 'none'], default: 'both', doc: 'secondary MMUs attached: an IOMMU with only invalidate_range, KVM with start/end/change_pte', phrases: { both: 'with an IOMMU and KVM attached', iommu: 'with an IOMMU (invalidate_range only) attached', kvm: 'with KVM attached', none: 'with no secondary MMU attached' } },
    { name: 'uprobe_op', values: ['register', 'unregister'], default: 'register', doc: 'breakpoint insertion (valid_vma() rejects writable VMAs) or removal (valid_vma() relaxes the VM_WRITE check: the VMA may have been made writable since)', phrases: { unregister: 'when the breakpoint is removed (valid_vma() does not reject writable VMAs then)', register: 'when the breakpoint is inserted' } },
  ],
  invariants: INVARIANTS.list,
  functions: [
    { name: 'register_for_each_vma', file: FILE },
    { name: 'valid_vma', file: FILE },
    { name: 'uprobe_write_opcode', file: FILE },
    { name: '__replace_page', file: FILE },
  ],
  baseline,
  baselineVariant: 'S0.0',
  variants,
  build,
};

function build(code: KernelCode, sw: Switches): Model {
  // Asserted by a step (a store through a translation to freed old_page).
  const useAfterFree = INVARIANTS.id('I0.2');
  const archFlushSecondary = sw.secondary_tlb_in_arch_flush === true;
  const mmu = String(sw.secondary_mmu ?? 'both');
  const hasIommu = mmu === 'both' || mmu === 'iommu';
  const hasKvm = mmu === 'both' || mmu === 'kvm';
  const isRegister = sw.uprobe_op !== 'unregister';

  const L = new Layout();
  const pcT0 = L.v('T0.pc');
  const pcT1 = L.v('T1.pc');
  const pcT2 = hasIommu ? L.v('T2.pc') : -1;
  const pcT3 = hasKvm ? L.v('T3.pc') : -1;
  // Whether the VMA is writable is chosen by the first step (mmap, maybe mprotect(PROT_WRITE));
  // the PTE and every cached translation take their write bit from it.
  const mapped = L.v('vma.mapped', 0, 1);
  const vmaWrite = L.v('vma.write', 0, 1);
  const flagsWrite = L.v('T0.valid_vma.flags_write', 0, 1);
  const valid = L.v('T0.valid_vma.ret', 0, 1);
  // new_page == NULL: unregister found the file's page identical and only unmaps (M0d).
  const newNull = L.v('T0.new_page_null', 0, 1);
  const pte = declPte(L, 'pte', { pfn: OLD, present: 1, write: 0 });
  const tlb = declTlb(L, 'T1.tlb', { pfn: OLD, write: 0 });
  const iotlb = hasIommu ? declTlb(L, 'T2.iotlb', { pfn: OLD, write: 0 }) : null;
  const spte = hasKvm ? declTlb(L, 'T3.spte', { pfn: OLD, write: 0 }) : null;
  const kvmInvalidating = L.v('kvm.mmu_invalidate_in_progress', 0, 1);
  // Page contents as a bitmask of the stores they hold; `done` is every store that completed.
  const content = [-1, L.v('old_page.data', 0), L.v('new_page.data', 0)];
  const done = L.v('stores_done', 0);
  const oldRef = L.v('old_page.refcount', 1, 3);
  const oldFreed = L.v('old_page.freed', 0, 1);
  const oldMapped = L.v('old_page.mapcount', 1, 1);
  const ptl = L.v('ptl', 0);
  const pageLock = L.v('old_page.lock', 0);

  const secondaries: Tlb[] = [iotlb, spte].filter((t): t is Tlb => t !== null);
  const tlbVarsAll = [tlb, ...secondaries].flatMap((t) => [t.valid, t.pfn, t.write]);

  const mm: MmState = {
    pte: trackedBits(pte, 'pfn', 'present', 'write'),
    tlbs: [tlb],
    secondary: { iotlb: iotlb ?? undefined, kvm: spte ? { spte, invalidating: kvmInvalidating } : undefined, archFlushReaches: archFlushSecondary },
    ptl,
  };
  const oldPage: Page = { name: 'old_page', refcount: oldRef, onFree: { v: oldFreed, value: 1 }, mapcount: oldMapped, lock: pageLock };
  const tlbNote = (m: Mem) => {
    const parts = [`T1 TLB ${tlbText(m, tlb)}`];
    if (iotlb) parts.push(`IOTLB ${tlbText(m, iotlb)}`);
    return parts.join(', ');
  };

  const writeBits = [vmaWrite, pte.write, tlb.write, ...(iotlb ? [iotlb.write] : []), ...(spte ? [spte.write] : [])];
  const t0Step = (o: Op): StepSpec | null => {
    switch (o.op) {
      case 'mmap_setup':
        return {
          primitive: 'mmap',
          may: { reads: [], writes: [mapped, ...writeBits] },
          alternatives: [
            { label: '/* read-only text */', apply: (m) => m.set(mapped, 1), may: { reads: [], writes: [mapped] }, note: () => 'text mapped read-only: PTE and TLBs map old_page R/O' },
            {
              label: '/* then mprotect(PROT_WRITE) */',
              apply: (m) => {
                m.set(mapped, 1);
                for (const v of writeBits) m.set(v, 1);
              },
              may: { reads: [], writes: [mapped, ...writeBits] },
              note: () => 'VMA made writable: PTE and the cached translations map old_page writable',
            },
          ],
        };
      case 'new_page_null':
        return { primitive: 'new_page = NULL', apply: (m) => m.set(newNull, 1), may: { reads: [], writes: [newNull] }, note: () => 'the page-cache page will be mapped again instead' };
      case 'valid_vma_flags':
        return { apply: (m) => m.set(flagsWrite, 0), may: { reads: [], writes: [flagsWrite] }, quiet: true };
      case 'flags_add_write':
        return { primitive: 'flags |= VM_WRITE', apply: (m) => m.set(flagsWrite, 1), may: { reads: [], writes: [flagsWrite] }, quiet: true };
      case 'valid_vma_result':
        return {
          primitive: 'valid_vma',
          apply: (m) => m.set(valid, m.get(vmaWrite) && m.get(flagsWrite) ? 0 : 1),
          may: { reads: [vmaWrite, flagsWrite], writes: [valid] },
          note: (m) => (m.get(valid) ? 'VMA accepted' : 'writable VMA rejected'),
        };
      case 'get_user_pages_remote':
        return get_page(oldPage, { primitive: undefined, note: () => 'reference on old_page' });
      case 'copy_highpage':
        return copy_highpage(content[NEW], content[OLD], { note: (m) => `new_page = copy of old_page (${storesText(m.get(content[NEW]))}); old_page still mapped` });
      case 'lock_page':
        return lock_page(oldPage, 0);
      case 'unlock_page':
        return unlock_page(oldPage);
      case 'page_vma_mapped_walk':
        return pte_offset_map_lock(mm, 0, 'page_vma_mapped_walk', { note: () => 'PTL taken' });
      case 'page_vma_mapped_walk_done':
        return pte_unmap_unlock(mm);
      case 'mmu_notifier_invalidate_range_start':
        return mmu_notifier_invalidate_range_start(mm, {
          note: () => (spte ? 'KVM zaps its sPTE and blocks refaults (invalidate_range_start); the IOMMU has no start callback' : 'no start callback registered'),
        });
      case 'ptep_clear_flush_notify':
        return ptep_clear_flush_notify(mm, { note: (m) => `pte cleared; CPU TLBs flushed; secondary TLBs invalidated (${tlbNote(m)})` });
      case 'ptep_clear_flush':
        return ptep_clear_flush(mm, { note: (m) => `pte cleared; CPU TLBs flushed${archFlushSecondary ? ' (and secondary TLBs: v6.6+)' : ', secondary TLBs not'} (${tlbNote(m)})` });
      case 'flush_tlb_page':
        return flush_tlb_page(mm, { note: (m) => tlbNote(m) });
      case 'mmu_notifier_invalidate_range':
        return mmu_notifier_invalidate_range(mm, { note: (m) => tlbNote(m) });
      case 'set_pte_at_notify':
      case 'set_pte_at':
        // mk_pte(new_page, vm_page_prot): COW mappings are read-only.
        return set_pte_at(mm, { pfn: NEW, present: 1, write: 0 }, { notify: o.op === 'set_pte_at_notify', note: () => 'pte -> new_page' });
      case 'page_remove_rmap':
        return page_remove_rmap(oldPage);
      case 'put_page_old_map':
      case 'put_page_old_ref':
        return put_page(oldPage, { note: (m) => (m.get(oldFreed) ? 'old_page freed' : `old_page refcount ${m.get(oldRef)}`) });
      case 'mmu_notifier_invalidate_range_end':
      case 'mmu_notifier_invalidate_range_only_end':
        return mmu_notifier_invalidate_range_end(mm, o.op === 'mmu_notifier_invalidate_range_only_end', {
          note: (m) =>
            o.op === 'mmu_notifier_invalidate_range_end' && !archFlushSecondary
              ? `KVM may refault; ->invalidate_range runs (${tlbNote(m)})`
              : `KVM may refault; no secondary TLB invalidation (${tlbNote(m)})`,
        });
      case 'verify_opcode':
      case 'anon_vma_prepare':
      case 'alloc_page_vma':
      case '__SetPageUptodate':
      case 'copy_to_page':
      case 'put_page_new':
      case 'mem_cgroup_try_charge':
      case 'get_page_new':
      case 'page_add_new_anon_rmap':
      case 'mem_cgroup_commit_charge':
      case 'lru_cache_add_active_or_unevictable':
      case 'flush_cache_page':
      case 'try_to_free_swap':
      case 'munlock_vma_page':
        return anchor(o.op);
      default:
        return null;
    }
  };
  const t0Sem: Semantics = {
    step: (o) => t0Step(o),
    cond: (o) => {
      if (o.op === 'page_mapped') return { test: (m) => m.get(oldMapped) === 1, reads: [oldMapped] };
      if (o.op === 'is_register') return { test: () => isRegister, reads: [] };
      if (o.op === 'valid_vma_ok') return { test: (m) => m.get(valid) === 1, reads: [valid] };
      if (o.op === 'new_page_present') return { test: (m) => m.get(newNull) === 0, reads: [newNull] };
      // The copy equals the file's page when nobody stored to the anon page (the breakpoint is gone).
      if (o.op === 'pages_identical') return { test: (m) => m.get(content[NEW]) === 0, reads: [content[NEW]] };
      return null;
    },
  };
  const t0 = compileActor('T0 uprobe_write_opcode', pcT0, code, ['register_for_each_vma'], t0Sem);

  /**
   * A store through a translation cache: hit, or walk on a miss; a store that would fault is not
   * made. `fillOk` is when a miss may refill the cache (a KVM guest's miss is a KVM page fault,
   * which waits while an invalidation is in progress, like the first access's walk).
   */
  const storeThrough = (t: Tlb, bit: number, who: string, fillOk?: (m: Mem) => boolean, fillReads: number[] = []): Transition[] => [
    {
      label: `${who}: store to addr`,
      primitive: 'user store',
      guard: (m) => (m.get(t.valid) ? m.get(t.write) === 1 : m.get(pte.present) === 1 && m.get(pte.write) === 1 && (!fillOk || fillOk(m))),
      apply: (m) => {
        if (!m.get(t.valid)) {
          m.set(t.valid, 1);
          m.set(t.pfn, m.get(pte.pfn));
          m.set(t.write, m.get(pte.write));
        }
        const pfn = m.get(t.pfn);
        m.set(content[pfn], m.get(content[pfn]) | bit);
        m.set(done, m.get(done) | bit);
        if (m.get(oldFreed) && pfn === OLD) return useAfterFree;
      },
      next: 1,
      may: { reads: [t.valid, t.write, t.pfn, pte.present, pte.write, pte.pfn, content[OLD], content[NEW], done, oldFreed, ...fillReads], writes: [t.valid, t.pfn, t.write, content[OLD], content[NEW], done] },
      note: (m) => `store lands in ${PAGE_NAMES[m.get(t.pfn)]}`,
    },
    {
      label: `${who}: no store (a write would fault and wait for mmap_sem)`,
      primitive: 'skip',
      next: 1,
      may: { reads: [], writes: [] },
      quiet: true,
    },
  ];
  /** A page-table walk refilling an empty translation cache (IOMMU walks at any time, M0c). */
  const walk = (t: Tlb, who: string, extraGuard?: (m: Mem) => boolean, extraReads: number[] = []): Transition => ({
    label: `${who}: page-table walk`,
    primitive: 'tlb fill',
    guard: (m) => m.get(t.valid) === 0 && m.get(pte.present) === 1 && (!extraGuard || extraGuard(m)),
    apply: (m) => {
      m.set(t.valid, 1);
      m.set(t.pfn, m.get(pte.pfn));
      m.set(t.write, m.get(pte.write));
    },
    next: 1,
    may: { reads: [t.valid, pte.present, pte.pfn, pte.write, ...extraReads], writes: [t.valid, t.pfn, t.write] },
    note: (m) => `caches ${PAGE_NAMES[m.get(t.pfn)]}${m.get(t.write) ? ' (W)' : ''}`,
  });
  // Nothing is mapped (and so cached) before mmap: the first step of each agent waits for it.
  const afterMmap = (t: Transition): Transition => ({
    ...t,
    guard: (m) => m.get(mapped) === 1 && (!t.guard || t.guard(m)),
    may: { reads: [...t.may.reads, mapped], writes: t.may.writes },
  });
  const twoStep = (name: string, pc: number, first: Transition[], second: Transition[]): Actor => ({
    name,
    pc,
    locations: [first.map((t) => afterMmap({ ...t, next: 1 })), second.map((t) => ({ ...t, next: 2 })), []],
  });

  const actors: Actor[] = [t0];
  actors.push(twoStep('T1 user thread', pcT1, storeThrough(tlb, 1, 'T1'), [walk(tlb, 'T1'), skip('T1')]));
  if (iotlb) actors.push(twoStep('T2 IOMMU', pcT2, [walk(iotlb, 'T2'), skip('T2')], storeThrough(iotlb, 2, 'T2 DMA')));
  if (spte) {
    const notInvalidating = (m: Mem) => m.get(kvmInvalidating) === 0;
    actors.push(twoStep('T3 KVM', pcT3, [walk(spte, 'T3 kvm_mmu_page_fault', notInvalidating, [kvmInvalidating]), skip('T3')], storeThrough(spte, 4, 'T3 guest', notInvalidating, [kvmInvalidating])));
  }

  const translations = [tlb, ...secondaries];
  const invariants: Invariant[] = [
    INVARIANTS.check('I0.1', {
      reads: [pte.present, pte.pfn, content[OLD], content[NEW], done],
      holds: (m) => !m.get(pte.present) || (m.get(content[m.get(pte.pfn)]) & m.get(done)) === m.get(done),
      explain: (m) => `the PTE maps ${PAGE_NAMES[m.get(pte.pfn)]}, which lacks a completed store (${storesText(m.get(done) & ~m.get(content[m.get(pte.pfn)]))}): the write is lost`,
    }),
    INVARIANTS.check('I0.3', {
      reads: [pte.present, pte.pfn, ...tlbVarsAll],
      holds: (m) => !(m.get(pte.present) && m.get(pte.pfn) === NEW && translations.some((t) => m.get(t.valid) && m.get(t.pfn) === OLD)),
      explain: (m) => `the PTE maps new_page while ${staleText(m, translations)} still ${translations.filter((t) => m.get(t.valid) && m.get(t.pfn) === OLD).length > 1 ? 'map' : 'maps'} old_page`,
    }),
    INVARIANTS.check('I0.2', {
      reads: [oldFreed, ...tlbVarsAll],
      holds: (m) => !(m.get(oldFreed) && translations.some((t) => m.get(t.valid) && m.get(t.pfn) === OLD)),
      explain: (m) => `old_page is freed while ${staleText(m, translations)} still translate to it`,
    }),
  ];

  return {
    name: 'S0 uprobes-replace-page',
    layout: L,
    actors,
    invariants,
    held: (m, a) => (a === 0 ? heldLocks(m, 0, [{ name: 'PTL', v: ptl }, { name: 'page lock', v: pageLock }], []).concat('mmap_sem(w)') : []),
  };
}

function skip(who: string): Transition {
  return { label: `${who}: idle`, primitive: 'skip', next: 1, may: { reads: [], writes: [] }, quiet: true };
}

function staleText(m: Mem, ts: readonly Tlb[]): string {
  const names: Record<string, string> = { 'T1.tlb': "T1's TLB", 'T2.iotlb': "T2's IOTLB", 'T3.spte': "T3's sPTE" };
  return ts.filter((t) => m.get(t.valid) && m.get(t.pfn) === OLD).map((t) => names[t.name] ?? t.name).join(' and ');
}

function tlbText(m: Mem, t: Tlb): string {
  return m.get(t.valid) ? `${PAGE_NAMES[m.get(t.pfn)]}${m.get(t.write) ? ' (W)' : ''}` : 'empty';
}

function storesText(bits: number): string {
  const who = [];
  if (bits & 1) who.push('T1');
  if (bits & 2) who.push('T2');
  if (bits & 4) who.push('T3');
  return who.length ? `stores of ${who.join(', ')}` : 'no stores yet';
}
