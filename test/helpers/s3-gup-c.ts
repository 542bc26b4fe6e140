/**
 * S3's reference code written out as a kernel-shaped mm/gup.c (the project's own text, via
 * `renderFunction`): the trees of the tree tests hold it, before and after the v7/v8 changes.
 */
import { renderFunction } from '../../src/lift/lift.js';
import type { KernelCode } from '../../src/model/code.js';
import { scenarioById } from '../../src/scenarios/index.js';
import { _internal } from '../../src/scenarios/s3-gup-fast-pin/index.js';

export const s3 = scenarioById('S3')!;

export const gupC = (code: KernelCode): string =>
  ['// SPDX-License-Identifier: GPL-2.0-only', '#include <linux/mm.h>', '', ...s3.functions.map((f) => renderFunction(code, f.name) + '\n')].join('\n');

export const V64 = gupC(s3.baseline);
export const V7 = gupC(_internal.v7(s3.baseline));
export const V8 = gupC(_internal.v8(s3.baseline));
