import { COMPLAINT_DESK } from './complaint-desk.js';
import { GRID_STAFF } from './grid-staff.js';
import { HELD_OUT } from './held-out.js';
import { HELD_OUT_2 } from './held-out-2.js';
import { HELD_OUT_3 } from './held-out-3.js';
import { HELD_OUT_4 } from './held-out-4.js';
import type { Labelled } from './label.js';
import { MANAGER } from './manager.js';
import { SYSTEM } from './system.js';
import { TEMPLATE } from './template.js';

export type { Labelled } from './label.js';
export { scoreExtraction, type ExtractionScore, type Reading } from './score.js';

/** Every labelled order: the grid system's template, then free text in four hands, then the held-out set. */
export const LABELLED: Labelled[] = [...TEMPLATE, ...GRID_STAFF, ...COMPLAINT_DESK, ...SYSTEM, ...MANAGER, ...HELD_OUT, ...HELD_OUT_2, ...HELD_OUT_3, ...HELD_OUT_4];
