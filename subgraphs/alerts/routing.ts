import type { Identity } from '../../lib/auth/identity.js';
import type { Clock } from '../../lib/clock.js';
import type { Bus } from '../../lib/events/bus.js';
import { type HallWarningData, hallWarningSubject } from '../../lib/events/contracts.js';
import type { GraphAsk } from '../../lib/subgraph/graph-call.js';
import { HomeHallDocument } from './__generated__/graph-operations.js';
import type { Store } from './store.js';

/** The alerts subgraph acting for itself: it asks for a customer's home hall only to route a warning. */
const router = (city: string): Identity => ({ staffId: 'system:alerts-routing', name: '预警分派 / warning routing', hall: null, city, roles: ['ops'] });
const BATCH = 200;

/**
 * An order the grid system sent without a hall goes to the customer's home hall, which customer
 * insight owns: asked through the graph, as the alerts subgraph's own system role (the access log
 * says who looked and why), then told to the hall like any new order. A customer the city does not
 * have stays unrouted to a hall, and the order still reaches them at any counter they are
 * identified at. A lookup that fails is tried again next round.
 */
export function hallRouting(store: Store, ask: GraphAsk, bus: Bus, clock: Clock, log: (msg: string, err?: unknown) => void) {
  return async function route(): Promise<number> {
    let routed = 0;
    for (const order of await store.unrouted(BATCH)) {
      let hall: string | null;
      try {
        hall = (await ask(router(order.city_code), HomeHallDocument, { m: order.msisdn })).customer?.hall?.code ?? null;
      } catch (e) {
        log(`home hall of warning order ${order.id} not found yet; next round`, e);
        continue;
      }
      const row = await store.route(order.id, order.city_code, hall, clock.now());
      if (!row?.hall_code) continue;
      routed++;
      const data: HallWarningData = { hall: row.hall_code, city: row.city_code, warningOrderId: row.id };
      await bus.publish(hallWarningSubject(row.hall_code), data).catch((e) => log(`hall event for ${row.id} not published`, e));
    }
    return routed;
  };
}
