/**
 * mmu notifiers, by the callbacks each secondary MMU registers: the IOMMU has only
 * ->invalidate_range (its IOTLB), KVM has ->invalidate_range_start/_end (zap the sPTE, hold off
 * refaults) and ->change_pte. Which notifier call reaches which MMU is the whole question of
 * S0, so these are written once here and every scenario gets the same answer.
 */
import type { StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';
import { tlbVars, type MmState } from './state.js';
import { derived } from './derived.js';
import { tlbInvalidate } from './tlb.js';
import { worded, type Wording } from './step.js';

/** The secondary-TLB callback (->invalidate_range): only the IOMMU registers it. */
export function invalidateSecondaryTlbs(mm: MmState): { apply: (m: Mem) => void; writes: number[] } {
  return derived(mm, 'invalidateSecondaryTlbs', () => {
    const iotlb = mm.secondary?.iotlb;
    return { apply: (m: Mem) => iotlb && tlbInvalidate(m, iotlb), writes: iotlb ? tlbVars(iotlb) : [] };
  });
}

export function mmu_notifier_invalidate_range(mm: MmState, w: Wording = {}): StepSpec {
  const inv = invalidateSecondaryTlbs(mm);
  return worded({ primitive: 'mmu_notifier_invalidate_range', apply: inv.apply, may: { reads: [], writes: inv.writes } }, w);
}

/** KVM zaps its sPTE and blocks refaults until _end; the IOMMU has no start callback. */
export function mmu_notifier_invalidate_range_start(mm: MmState, w: Wording = {}): StepSpec {
  const kvm = mm.secondary?.kvm;
  return worded(
    {
      primitive: 'mmu_notifier_invalidate_range_start',
      apply: (m) => {
        if (kvm) {
          tlbInvalidate(m, kvm.spte);
          m.set(kvm.invalidating, 1);
        }
      },
      may: { reads: [], writes: kvm ? [...tlbVars(kvm.spte), kvm.invalidating] : [] },
    },
    w,
  );
}

/**
 * _range_end lets KVM refault; before v6.6 it also calls ->invalidate_range, which
 * _range_only_end skips (the caller promises the _notify clear already did it). The footprint
 * names the IOTLB for both spellings: one declaration for the pair keeps the reduction's view
 * of this step the same whichever the code calls.
 */
export function mmu_notifier_invalidate_range_end(mm: MmState, only: boolean, w: Wording = {}): StepSpec {
  const kvm = mm.secondary?.kvm;
  const reaches = !only && !mm.secondary?.archFlushReaches;
  const inv = invalidateSecondaryTlbs(mm);
  return worded(
    {
      primitive: only ? 'mmu_notifier_invalidate_range_only_end' : 'mmu_notifier_invalidate_range_end',
      apply: (m) => {
        if (kvm) m.set(kvm.invalidating, 0);
        if (reaches) inv.apply(m);
      },
      may: { reads: [], writes: [...(kvm ? [kvm.invalidating] : []), ...inv.writes] },
    },
    w,
  );
}
