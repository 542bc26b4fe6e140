import { describe, expect, it } from 'vitest';
import { actsOnState, isPure, mayTouchState, modelledFunctionFor, namesOf, noEffectClassOf, primitiveOf } from '../../../src/mm/vocabulary.js';

describe('the mm vocabulary', () => {
  it('page and folio spellings are one primitive', () => {
    expect(primitiveOf('folio_lock')).toBe(primitiveOf('lock_page'));
    expect(primitiveOf('folio_put')).toBe(primitiveOf('put_page'));
    expect(primitiveOf('folio_remove_rmap_pte')).toBe(primitiveOf('page_remove_rmap'));
    expect(primitiveOf('__wp_page_copy_user')).toBe(primitiveOf('cow_user_page'));
    expect(primitiveOf('folio_test_anon')).toBe(primitiveOf('PageAnon'));
    expect(primitiveOf('no_such_call')).toBeNull();
  });

  it('renamed functions are the modelled one; a name reused for another function is not, from its release', () => {
    const s3 = new Set(['gup_pte_range', 'try_grab_folio']);
    expect(modelledFunctionFor('gup_fast_pte_range', s3, { major: 6, minor: 10 })).toBe('gup_pte_range');
    // An old tree's (or a backport's) name keeps its meaning whatever the date.
    expect(modelledFunctionFor('gup_pte_range', s3, { major: 6, minor: 12 })).toBe('gup_pte_range');
    expect(modelledFunctionFor('try_grab_compound_head', s3, { major: 5, minor: 15 })).toBe('try_grab_folio');
    expect(modelledFunctionFor('try_grab_folio_fast', s3, null)).toBe('try_grab_folio');
    // From 6.10 try_grab_folio is the slow path's grab.
    expect(modelledFunctionFor('try_grab_folio', s3, { major: 6, minor: 10 })).toBeNull();
    expect(modelledFunctionFor('try_grab_folio', s3, { major: 6, minor: 9 })).toBe('try_grab_folio');
    expect(namesOf('gup_pte_range').map((n) => n.name)).toEqual(['gup_pte_range', 'gup_fast_pte_range']);
  });

  it('calls are sorted: no effect, pure, may touch modelled state, acting', () => {
    expect(noEffectClassOf('count_vm_event')).toBe('accounting');
    expect(noEffectClassOf('mem_cgroup_charge')).toBe('cgroup');
    expect(noEffectClassOf('trace_mm_filemap_add')).toBe('tracing');
    expect(noEffectClassOf('spin_lock_init')).toBe('init');
    expect(isPure('pte_mkdirty')).toBe(true);
    expect(mayTouchState('folio_zap_ptes')).not.toBeNull();
    expect(mayTouchState('folio_estimated_sharers')).toBeNull();
    expect(actsOnState('folio_trylock')).toBe(true);
    expect(actsOnState('folio_test_anon')).toBe(false);
    expect(actsOnState('pte_same')).toBe(false);
  });
});
