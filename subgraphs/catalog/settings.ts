import type { Config } from '../../lib/config.js';

export interface CatalogSettings {
  /** How often an instance looks for a new catalogue or rule set: the bound on "within a second". */
  livePollMs: number;
  /** How often an instance reads the outcomes written since it last looked, and learns them. */
  learnPollMs: number;
}

export function catalogSettings(_config: Config): CatalogSettings {
  return { livePollMs: 250, learnPollMs: 1000 };
}
