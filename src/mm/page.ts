/**
 * Pages and folios: reference counts, the rmap, contents. get_page/folio_get and
 * put_page/folio_put are one primitive each whatever the kernel calls them; the last put frees
 * the page (`Page.onFree`), after which the allocator may hand it to someone else.
 */
import type { StepSpec } from '../model/code.js';
import type { Mem } from '../model/mem.js';
import type { Page } from './state.js';
import { anchor, worded, type Wording } from './step.js';

function refOf(page: Page): number {
  if (page.refcount === undefined) throw new Error(`${page.name}: the scenario does not count its references`);
  return page.refcount;
}

/** The refcount drop, as an effect other primitives reuse. */
export function dropRef(page: Page): { apply: (m: Mem) => void; writes: number[] } {
  const refcount = refOf(page);
  const onFree = page.onFree;
  return {
    apply: (m) => {
      const r = m.get(refcount) - 1;
      m.set(refcount, r);
      if (r === 0 && onFree) m.set(onFree.v, onFree.value);
    },
    writes: [refcount, ...(onFree ? [onFree.v] : [])],
  };
}

export function get_page(page: Page, w: Wording = {}): StepSpec {
  const v = refOf(page);
  return worded({ primitive: 'get_page', apply: (m) => m.set(v, m.get(v) + 1), may: { reads: [v], writes: [v] } }, w);
}

/**
 * put_page() / folio_put(). With `held`, the put drops the reference the caller recorded in that
 * byte (a GUP ref, a page batched for freeing) and is a no-op when it holds none.
 */
export function put_page(page: Page, opts: { readonly held?: number } & Wording = {}): StepSpec {
  const drop = dropRef(page);
  const { held, ...w } = opts;
  if (held === undefined) {
    return worded({ primitive: 'put_page', apply: drop.apply, may: { reads: [refOf(page)], writes: drop.writes } }, w);
  }
  return worded(
    {
      primitive: 'put_page',
      apply: (m) => {
        if (m.get(held)) {
          m.set(held, 0);
          drop.apply(m);
        }
      },
      may: { reads: [held, refOf(page)], writes: [held, ...drop.writes] },
    },
    w,
  );
}

/**
 * try_grab_folio() / folio_try_get_rcu() in GUP-fast: no reference is taken on a page whose
 * count already hit 0 (it is being freed). `held` records the ref for the later put, `grabbed`
 * is the call's result.
 */
export function try_grab_folio(page: Page, out: { readonly held: number; readonly grabbed: number }, w: Wording = {}): StepSpec {
  const ref = refOf(page);
  return worded(
    {
      primitive: 'try_grab_folio',
      apply: (m) => {
        if (m.get(ref) === 0) return m.set(out.grabbed, 0);
        m.set(ref, m.get(ref) + 1);
        m.set(out.held, 1);
        m.set(out.grabbed, 1);
      },
      may: { reads: [ref], writes: [ref, out.held, out.grabbed] },
    },
    w,
  );
}

/** page_remove_rmap() / folio_remove_rmap_pte(): no PTE maps the page any more. */
export function page_remove_rmap(page: Page | null, w: Wording = {}): StepSpec {
  const v = page?.mapcount;
  if (v === undefined) return worded(anchor('page_remove_rmap'), w);
  return worded({ primitive: 'page_remove_rmap', apply: (m) => m.set(v, 0), may: { reads: [], writes: [v] } }, w);
}

/**
 * copy_highpage() / copy_user_highpage() / cow_user_page(): `to` gets `from`'s contents (each a
 * byte holding the set of stores the page has seen).
 */
export function copy_highpage(to: number, from: number, w: Wording = {}): StepSpec {
  return worded({ primitive: 'copy_highpage', apply: (m) => m.set(to, m.get(from)), may: { reads: [from], writes: [to] } }, w);
}
