import type { Config, SubgraphName } from '../lib/config.js';
import type { Subgraph } from '../lib/subgraph/lifecycle.js';
import type { CoreDeps, SubgraphModule } from '../lib/subgraph/runtime.js';
import { alerts } from './alerts/server.js';
import type { AlertsSettings } from './alerts/settings.js';
import { catalog } from './catalog/server.js';
import type { CatalogSettings } from './catalog/settings.js';
import { customerInsight } from './customer-insight/server.js';
import { orders } from './orders/server.js';
import type { OrdersSettings } from './orders/settings.js';

/** Each subgraph's own settings, beside the core every one is built from. */
export interface SubgraphSettings {
  'customer-insight': Record<string, never>;
  catalog: CatalogSettings;
  alerts: AlertsSettings;
  orders: OrdersSettings;
}

const MODULES: { [K in SubgraphName]: SubgraphModule<SubgraphSettings[K]> } = {
  'customer-insight': customerInsight,
  catalog,
  alerts,
  orders,
};

/** The four subgraphs, in the order they are started and seeded. */
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['customer-insight', 'catalog', 'alerts', 'orders'];

export function subgraphModule<K extends SubgraphName>(name: K): SubgraphModule<SubgraphSettings[K]> {
  return MODULES[name];
}

/** Builds one subgraph from the core and its own settings; nothing runs until it starts. */
export function buildSubgraph<K extends SubgraphName>(name: K, core: CoreDeps, settings: SubgraphSettings[K]): Promise<Subgraph> {
  return MODULES[name].build({ ...core, ...settings });
}

/** Every subgraph's settings, read from the one configuration. */
export function subgraphSettings(config: Config): SubgraphSettings {
  return {
    'customer-insight': customerInsight.settings(config),
    catalog: catalog.settings(config),
    alerts: alerts.settings(config),
    orders: orders.settings(config),
  };
}

/** Every subgraph's data side (schema, migrations, seed), for what handles them all alike. */
export const SUBGRAPH_DATA: readonly Omit<SubgraphModule<unknown>, 'settings' | 'build'>[] = SUBGRAPH_NAMES.map((name) => MODULES[name]);
