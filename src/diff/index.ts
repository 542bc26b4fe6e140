export type {
  DiffFile,
  DiffFileStatus,
  DiffHunk,
  DiffLine,
  DiffLineKind,
  DiffParseResult,
  DiffProblem,
  DiffProblemCode,
} from './types.js';
export { parseUnifiedDiff, splitDiffLines } from './parse.js';
export { diffBlocks, extractDiffText, locateDiff, type DiffLocation } from './extract.js';
export { renderUnifiedDiff, renderDiffFile, renderHunk, formatHunkHeader } from './render.js';
export { parseDiffGitPaths, parseMarkerPath, quotePath } from './paths.js';
