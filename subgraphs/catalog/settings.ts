import type { Config } from '../../lib/config.js';

export interface CatalogSettings {
  /** How often an instance looks for a new catalogue or rule set: the bound on "within a second". */
  livePollMs: number;
}

export function catalogSettings(_config: Config): CatalogSettings {
  return { livePollMs: 250 };
}
