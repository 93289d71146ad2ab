import type { RecentEvents } from '../subgraphs/events/recent-events.js';
import { eventsSchema } from '../subgraphs/events/schema.js';
import type { Context as EventsContext } from '../subgraphs/events/context.js';
import type { GatewayContext } from './context.js';
import type { SubgraphCall, SubgraphSource } from './datasource.js';
import { graphqlRuntime } from './graphql-runtime.js';

/** The events subgraph as a plan executor source: executed in process, its documents parsed once. */
export function eventsDataSource(recent: RecentEvents): SubgraphSource {
  const schema = eventsSchema();
  const documents = new Map<string, ReturnType<typeof graphqlRuntime.parse>>();
  return {
    async process(call: SubgraphCall, context: GatewayContext) {
      let document = documents.get(call.query);
      if (!document) {
        // The planner writes a handful of distinct operations for this subgraph; the bound is a guard.
        if (documents.size >= 256) documents.clear();
        documents.set(call.query, (document = graphqlRuntime.parse(call.query)));
      }
      const contextValue: EventsContext = { identity: context.identity ?? null, recent };
      const result = await graphqlRuntime.execute({ schema, document, variableValues: call.variables, contextValue, operationName: call.operationName });
      return { data: result.data, errors: result.errors?.map((e) => e.toJSON()) };
    },
  };
}
