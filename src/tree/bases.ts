/**
 * The bases of the mails of one `racebot check` run (or one job), by Message-Id: the tree is
 * opened once; a tree that cannot be opened gives every mail the same stated `reference` base.
 */
import type { PatchMail } from '../mail/types.js';
import { KernelTree, type KernelTreeOptions } from './kernel-tree.js';
import { referenceBase, resolveBase, type ResolveOptions } from './resolve.js';
import { TreeError, type ResolvedBase } from './types.js';

export async function resolveBases(path: string, mails: readonly PatchMail[], opts: ResolveOptions & KernelTreeOptions = {}): Promise<Map<string, ResolvedBase>> {
  const out = new Map<string, ResolvedBase>();
  let tree: KernelTree | null = null;
  let failed: ResolvedBase | null = null;
  try {
    tree = await KernelTree.open(path, opts);
  } catch (e) {
    if (!(e instanceof TreeError)) throw e;
    failed = referenceBase(e.code, `reference code (${e.message})`);
  }
  for (const m of mails) {
    if (out.has(m.messageId)) continue;
    out.set(m.messageId, tree ? await resolveBase(tree, m, opts) : failed!);
  }
  return out;
}
