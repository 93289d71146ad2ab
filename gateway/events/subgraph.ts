import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { readFileSync } from 'node:fs';
import { parse, type GraphQLSchema } from 'graphql';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { mayServeCounter } from '../../lib/auth/counter-scope.js';
import type { BusEvent } from '../../lib/events/bus.js';
import { DateTimeScalar } from '../../lib/scalars.js';
import type { CounterEventData, DeclarationDecidedData, HallWarningData } from '../../lib/events/contracts.js';
import type { GatewayContext } from '../context.js';
import type { SubgraphCall, SubgraphSource } from '../datasource.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import type { RecentEvents } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'events.graphql'), 'utf8');

type Ctx = Partial<GatewayContext>;

/** An event of the caller's city, or nothing: events carry customers of one city only. */
function visible<T extends { city: string }>(store: RecentEvents, id: string, prefix: string, ctx: Ctx): BusEvent<T> | null {
  const seq = Number(id);
  const event = Number.isInteger(seq) ? (store.get(seq) as BusEvent<T> | undefined) : undefined;
  if (!event?.subject.startsWith(prefix) || !ctx.identity || event.data.city !== ctx.identity.city) return null;
  return event;
}

/**
 * The events subgraph, served inside the gateway process: it turns a bus event into the root of a
 * federated result. Its entity references (Customer by number, WarningOrder by id) are resolved by
 * the subgraphs that own them, in the same query plan as any query.
 */
export function eventsSchema(store: RecentEvents): GraphQLSchema {
  const resolvers = {
    Query: {
      // A counter's events are its hall's: the same rule as subscribing to them.
      counterEvent: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
        const e = visible<CounterEventData>(store, id, 'lingxi.counter.', ctx);
        return e && ctx.identity && mayServeCounter(ctx.identity, { hall: e.data.hall, city: e.data.city }) ? e : null;
      },
      hallWarningEvent: (_: unknown, { id }: { id: string }, ctx: Ctx) => visible<HallWarningData>(store, id, 'lingxi.hall.', ctx),
      // A declaration decision is the declaring clerk's own.
      declarationEvent: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
        const e = visible<DeclarationDecidedData>(store, id, 'lingxi.declaration.', ctx);
        return e && e.data.staffId === ctx.identity?.staffId ? e : null;
      },
    },
    DeclarationEvent: {
      id: (e: BusEvent<DeclarationDecidedData>) => String(e.seq),
      at: (e: BusEvent<DeclarationDecidedData>) => e.time,
      status: (e: BusEvent<DeclarationDecidedData>) => e.data.status,
      declaration: (e: BusEvent<DeclarationDecidedData>) => ({ __typename: 'Declaration', id: e.data.declarationId }),
    },
    CounterEvent: {
      id: (e: BusEvent<CounterEventData>) => String(e.seq),
      kind: (e: BusEvent<CounterEventData>) => e.data.kind,
      counter: (e: BusEvent<CounterEventData>) => e.data.counter,
      hall: (e: BusEvent<CounterEventData>) => e.data.hall,
      at: (e: BusEvent<CounterEventData>) => e.time,
      staffId: (e: BusEvent<CounterEventData>) => e.data.staffId,
      source: (e: BusEvent<CounterEventData>) => e.data.source,
      customer: (e: BusEvent<CounterEventData>) => (e.data.msisdnKey ? { __typename: 'Customer', msisdnKey: e.data.msisdnKey } : null),
    },
    HallWarningEvent: {
      id: (e: BusEvent<HallWarningData>) => String(e.seq),
      hall: (e: BusEvent<HallWarningData>) => e.data.hall,
      at: (e: BusEvent<HallWarningData>) => e.time,
      warningOrder: (e: BusEvent<HallWarningData>) => ({ __typename: 'WarningOrder', id: e.data.warningOrderId }),
    },
    DateTime: DateTimeScalar,
  };
  return buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> });
}

/** The events subgraph as a plan executor source: executed in process, its documents parsed once. */
export function eventsDataSource(store: RecentEvents): SubgraphSource {
  const schema = eventsSchema(store);
  const documents = new Map<string, ReturnType<typeof graphqlRuntime.parse>>();
  return {
    async process(call: SubgraphCall, context: GatewayContext) {
      let document = documents.get(call.query);
      if (!document) {
        // The planner writes a handful of distinct operations for this subgraph; the bound is a guard.
        if (documents.size >= 256) documents.clear();
        documents.set(call.query, (document = graphqlRuntime.parse(call.query)));
      }
      const result = await graphqlRuntime.execute({
        schema,
        document,
        variableValues: call.variables,
        contextValue: context,
        operationName: call.operationName,
      });
      return { data: result.data, errors: result.errors?.map((e) => e.toJSON()) };
    },
  };
}
