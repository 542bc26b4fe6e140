/**
 * The base code of a patch from the patch's own kernel tree: the tree read with simple-git
 * (never changed), the pre-image found as `git am -3`/b4 find it, the patch applied in memory,
 * and whole C functions out of either side.
 */
export type { AppliedHunk, BaseAttempt, BaseFile, BaseHow, BasesByMessageId, ResolvedBase, TreeProblemCode } from './types.js';
export { TreeError, baseForMail } from './types.js';
export { KernelTree, gitBlobId, versionOrder, type KernelTreeOptions, type ReleaseTag } from './kernel-tree.js';
export { applyFileHunks, type Applied, type NotApplied } from './apply.js';
export { referenceBase, resolveBase, resolveBaseAt, type BaseInput, type ResolveOptions } from './resolve.js';
export {
  FunctionParser,
  loadFunctionParser,
  loadedFunctionParser,
  treeSitterCWasm,
  type CFunction,
  type ChangedFunctions,
  type FunctionProblem,
  type FunctionProblemCode,
  type FunctionsFound,
} from './functions.js';
export { maskKernelC } from './c-mask.js';
export { resolveBases } from './bases.js';
export { TreeRefresher, type FetchResult, type TreeRefresherOptions } from './refresher.js';
