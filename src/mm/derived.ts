/**
 * Data a primitive derives from a descriptor (the bytes a PTE clear zeroes, the TLBs a flush
 * reaches), computed once per descriptor: building a model asks for them at every statement.
 * Descriptors are read-only, so a cached value never goes stale.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

export function derived<T>(owner: object, key: string, make: () => T): T {
  let m = cache.get(owner);
  if (!m) cache.set(owner, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}
