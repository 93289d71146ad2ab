import type { Config } from '../../lib/config.js';
import type { CrmPort } from './crm/port.js';
import type { CrmSimulatorOptions } from './crm/simulator.js';
import type { SmsPort } from './sms/port.js';

/** What the handling flow needs beyond its database: the graph to read from, the CRM and the SMS gateway. */
export interface OrdersSettings {
  /** The gateway's GraphQL URL: the order subgraph reads the catalogue through the one graph. */
  graphUrl: () => string;
  crmSimulator: CrmSimulatorOptions;
  /** A CRM adapter in place of the simulator (tests use one they can switch off). */
  crm?: CrmPort;
  /** An SMS gateway adapter in place of the outbox simulator. */
  sms?: SmsPort;
  sessionTtlMinutes: number;
  declarationSlaMinutes: number;
  /** Public base of the links customers confirm handling with. */
  confirmationBaseUrl: string;
}

export function ordersSettings(config: Config): OrdersSettings {
  return {
    graphUrl: () => config.gatewayUrl,
    crmSimulator: config.crmSimulator,
    sessionTtlMinutes: config.sessionTtlMinutes,
    declarationSlaMinutes: config.declarationSlaMinutes,
    confirmationBaseUrl: config.confirmationBaseUrl,
  };
}
