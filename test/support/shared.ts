import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared` beside the checkout: present in CI and on developers' machines, absent on a bare clone. */
export const SHARED = resolve(import.meta.dirname, '..', '..', '..', 'shared');
export const API_26_06 = join(SHARED, 'vpp-api', 'v26.06');
export const CAPTURES = join(SHARED, 'captures');
export const HAVE_SHARED = existsSync(API_26_06);
