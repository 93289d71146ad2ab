import type { Bus } from './bus.js';
import { MemoryBus } from './memory.js';
import { NatsBus } from './nats.js';

export type { Bus } from './bus.js';

/** EVENT_BUS=memory (embedded default) or nats (NATS_URL, default nats://127.0.0.1:4222; NATS_NAMESPACE). */
export async function openBus(config: { eventBus: 'memory' | 'nats'; natsUrl: string; natsNamespace: string }): Promise<Bus> {
  return config.eventBus === 'nats' ? NatsBus.connect(config.natsUrl, { namespace: config.natsNamespace }) : new MemoryBus();
}
