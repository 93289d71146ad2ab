import type { Config } from '../../lib/config.js';

/** Secrets and limits of the signed HTTP hooks outside systems call. */
export interface HookSettings {
  gridSecret: string;
  counterHookSecret: string;
  ingestMaxBytes: number;
}

export type AlertsSettings = HookSettings;

export function alertsSettings(config: Config): AlertsSettings {
  return { gridSecret: config.gridSecret, counterHookSecret: config.counterHookSecret, ingestMaxBytes: config.ingestMaxBytes };
}
