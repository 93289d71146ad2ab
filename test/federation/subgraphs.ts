import { createServer, type Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';

const { graphql, parse, GraphQLError } = graphqlRuntime;

/**
 * Small subgraphs of their own for the federation cases: a catalogue of products (two keys),
 * media (an interface entity and a union), reviews (@provides), inventory (@requires with
 * arguments, @interfaceObject), and a pricing subgraph that takes a field over (@override).
 */
type Resolvers = Parameters<typeof buildSubgraphSchema>[0] extends infer T ? (T extends { resolvers?: infer R } ? R : never) : never;

const LINK = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

const products = [
  { id: 'p1', sku: 'SKU-1', name: '5G 手机', weightGrams: 180, price: 3999, tags: ['5G', '旗舰', '5G-SA'] },
  { id: 'p2', sku: 'SKU-2', name: '路由器', weightGrams: 420, price: 299, tags: ['WiFi6'] },
];
const media = [
  { __typename: 'Book', id: 'm1', title: '三体', pages: 302 },
  { __typename: 'Movie', id: 'm2', title: '流浪地球', minutes: 125 },
];
const users = [{ id: 'u1', name: '王芳', email: 'wf@example.cn' }];
const reviews = [{ id: 'r1', body: '好用', productSku: 'SKU-1', authorId: 'u1' }];

export const FEDERATION_SUBGRAPHS: { name: string; typeDefs: string; resolvers: Resolvers }[] = [
  {
    name: 'products',
    typeDefs: `${LINK(['@key', '@shareable'])}
      type Query { product(id: ID!): Product  products: [Product!]!  fares: [Fare!]! }
      type Product @key(fields: "id") @key(fields: "sku") { id: ID! sku: String! name: String! weightGrams: Int! price: Float! origin: String @shareable tags(prefix: String): [String!]! }
      "票价，按币种报价。A fare, quoted per currency."
      type Fare @key(fields: "id") { id: ID! amount(currency: String!): Float! }`,
    resolvers: {
      Query: {
        product: (_: unknown, { id }: { id: string }) => products.find((p) => p.id === id),
        products: () => products,
        fares: () => [{ id: 'f1' }, { id: 'f2' }],
      },
      Fare: {
        __resolveReference: (ref: { id: string }) => ref,
        amount: (f: { id: string }, { currency }: { currency: string }) => (f.id === 'f1' ? 100 : 200) * (currency === 'EUR' ? 0.9 : 1),
      },
      Product: {
        __resolveReference: (ref: { id?: string; sku?: string }) => products.find((p) => (ref.id ? p.id === ref.id : p.sku === ref.sku)),
        origin: () => '深圳',
        tags: (p: { tags: string[] }, { prefix }: { prefix?: string | null }) => p.tags.filter((t) => !prefix || t.startsWith(prefix)),
      },
    } as Resolvers,
  },
  {
    name: 'inventory',
    typeDefs: `${LINK(['@key', '@external', '@requires', '@shareable', '@interfaceObject'])}
      type Product @key(fields: "id") {
        id: ID!
        weightGrams: Int! @external
        inStock: Boolean!
        "运费估算，依赖重量（@requires 带参数）。"
        shippingEstimate(zone: String!): Float! @requires(fields: "weightGrams")
        tags(prefix: String): [String!]! @external
        "全部标签数，依赖不带参数的 tags。Counts all tags: requires tags without arguments."
        tagCount: Int! @requires(fields: "tags")
        origin: String @shareable
      }
      type Media @key(fields: "id") @interfaceObject { id: ID! rating: Float! }
      "两个依赖同一字段不同参数的计算字段。Two computed fields requiring one field with different arguments."
      type Fare @key(fields: "id") {
        id: ID!
        amount(currency: String!): Float! @external
        usdLevy: Float! @requires(fields: "amount(currency: \\"USD\\")")
        eurLevy: Float! @requires(fields: "amount(currency: \\"EUR\\")")
      }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: { id: string; weightGrams?: number }) => ({ ...ref }),
        inStock: (p: { id: string }) => p.id === 'p1',
        shippingEstimate: (p: { weightGrams: number }, { zone }: { zone: string }) => {
          if (zone === 'NOWHERE') throw new GraphQLError('不配送此区域 / no delivery to this zone', { extensions: { code: 'BAD_USER_INPUT' } });
          return (zone === 'REMOTE' ? 20 : 8) + p.weightGrams / 100;
        },
        tagCount: (p: { tags: string[] }) => p.tags.length,
        origin: () => '深圳',
      },
      Media: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, rating: ref.id === 'm1' ? 9.1 : 8.2 }) },
      Fare: {
        __resolveReference: (ref: { id: string; amount?: number }) => ref,
        usdLevy: (f: { amount: number }) => f.amount / 10,
        eurLevy: (f: { amount: number }) => f.amount / 10,
      },
    } as Resolvers,
  },
  {
    name: 'media',
    typeDefs: `${LINK(['@key'])}
      type Query { media: [Media!]! search(text: String!): [SearchResult!]! }
      interface Media @key(fields: "id") { id: ID! title: String! }
      type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
      type Movie implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
      union SearchResult = Book | Movie`,
    resolvers: {
      Query: { media: () => media, search: (_: unknown, { text }: { text: string }) => media.filter((m) => m.title.includes(text)) },
      Media: { __resolveReference: (ref: { id: string }) => media.find((m) => m.id === ref.id), __resolveType: (m: { __typename: string }) => m.__typename },
      Book: { __resolveReference: (ref: { id: string }) => media.find((m) => m.id === ref.id) },
      Movie: { __resolveReference: (ref: { id: string }) => media.find((m) => m.id === ref.id) },
      SearchResult: { __resolveType: (m: { __typename: string }) => m.__typename },
    } as Resolvers,
  },
  {
    name: 'reviews',
    typeDefs: `${LINK(['@key', '@external', '@provides'])}
      type Query { reviews: [Review!]! featured: [Review!]! }
      type Review { id: ID! body: String! product: Product! author: User! @provides(fields: "name") }
      type Product @key(fields: "sku", resolvable: false) { sku: String! }
      type User @key(fields: "id") { id: ID! name: String! @external }`,
    resolvers: {
      // The same review three times: its product is reached along three paths.
      Query: { reviews: () => reviews, featured: () => [reviews[0], reviews[0], reviews[0]] },
      Review: {
        product: (r: { productSku: string }) => ({ sku: r.productSku }),
        // Provided here: the gateway need not ask the users subgraph for the name.
        author: (r: { authorId: string }) => ({ id: r.authorId, name: users.find((u) => u.id === r.authorId)!.name }),
      },
    } as Resolvers,
  },
  {
    name: 'users',
    typeDefs: `${LINK(['@key', '@shareable'])}
      type User @key(fields: "id") { id: ID! name: String! @shareable email: String! }`,
    resolvers: { User: { __resolveReference: (ref: { id: string }) => users.find((u) => u.id === ref.id) } } as Resolvers,
  },
  {
    name: 'pricing',
    typeDefs: `${LINK(['@key', '@override'])}
      type Product @key(fields: "id") { id: ID! price: Float! @override(from: "products") }`,
    resolvers: {
      Product: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), price: (p: { id: string }) => (p.id === 'p1' ? 3799 : 279) },
    } as Resolvers,
  },
];

export interface RunningFederationSubgraph {
  name: string;
  url: string;
  /** Operations this subgraph has received, with their variables, for asserting what the gateway asked. */
  received: string[];
  /** While set, requests wait for it before they are answered: a slow subgraph, held as long as a test needs. */
  held: Promise<void> | null;
  server: Server;
}

/** Serves one subgraph over plain HTTP (GraphQL over POST, JSON). */
export async function serveSubgraph(def: (typeof FEDERATION_SUBGRAPHS)[number]): Promise<RunningFederationSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(def.typeDefs), resolvers: def.resolvers });
  const received: string[] = [];
  const running = { name: def.name, url: '', received, held: null as Promise<void> | null, server: null as unknown as Server };
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const { query, variables, operationName } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    received.push(`${query} ${JSON.stringify(variables ?? {})}`);
    if (running.held) await running.held;
    const result = await graphql({ schema, source: query, variableValues: variables, operationName });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(running, { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, server });
}
