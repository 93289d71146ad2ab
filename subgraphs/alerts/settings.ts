import type { Config } from '../../lib/config.js';

/** Secrets and limits of the signed HTTP hooks outside systems call. */
export interface HookSettings {
  gridSecret: string;
  counterHookSecret: string;
  ingestMaxBytes: number;
}

export interface AlertsSettings extends HookSettings {
  /** The gateway's GraphQL URL: orders without a hall are routed to the customer's home hall through it. */
  graphUrl: () => string;
}

export function alertsSettings(config: Config): AlertsSettings {
  return {
    gridSecret: config.gridSecret,
    counterHookSecret: config.counterHookSecret,
    ingestMaxBytes: config.ingestMaxBytes,
    graphUrl: () => config.gatewayUrl,
  };
}
