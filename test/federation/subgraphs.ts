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
const accounts = [{ id: 'a1', pId: 'P-1', code: { one: 'JS', two: 'ZJ', three: '0511' }, name: '镇江分公司结算户' }];

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
    name: 'ledger',
    typeDefs: `${LINK(['@key'])}
      "账户，四个键里只有 id 在本子图可解析。An account: of its four keys only id resolves here."
      type Account
        @key(fields: "id")
        @key(fields: "pId", resolvable: false)
        @key(fields: "code { one two }", resolvable: false)
        @key(fields: "id code { two three }", resolvable: false) {
        id: ID!
        pId: ID!
        code: AccountCode!
        name: String!
      }
      type AccountCode { one: ID! two: ID! three: ID! }`,
    resolvers: { Account: { __resolveReference: (ref: { id: string }) => accounts.find((a) => a.id === ref.id) ?? null } } as Resolvers,
  },
  {
    name: 'branches',
    typeDefs: `${LINK(['@key', '@external', '@requires'])}
      type Query { branch: Branch }
      type Branch @key(fields: "id") { id: ID! accounts: [Account!]! }
      "本子图只能按 id code { two three } 解析账户。Resolvable here by id code { two three } only."
      type Account
        @key(fields: "code { one two }", resolvable: false)
        @key(fields: "id code { two three }")
        @key(fields: "pId", resolvable: false)
        @key(fields: "id", resolvable: false) {
        id: ID!
        pId: ID!
        code: AccountCode!
        name: String! @external
        label: String! @requires(fields: "name")
      }
      type AccountCode { one: ID! two: ID! three: ID! }`,
    resolvers: {
      Query: { branch: () => ({ id: 'b1' }) },
      Branch: { __resolveReference: (ref: { id: string }) => ref, accounts: () => accounts.map(({ name: _name, ...held }) => held) },
      Account: {
        // As declared: found by its id and code's two and three, or not at all.
        __resolveReference: (ref: { id?: string; code?: { two?: string; three?: string }; name?: string }) => {
          const found = accounts.find((a) => a.id === ref.id && a.code.two === ref.code?.two && a.code.three === ref.code?.three);
          return found ? { ...found, name: ref.name } : null;
        },
        label: (a: { name: string }) => `本厅 ${a.name}`,
      },
    } as Resolvers,
  },
  {
    name: 'registry',
    typeDefs: `${LINK(['@key'])}
      "登记的任意节点：接口，不在本子图实现。Any registered node: an interface with no object type here."
      interface Node @key(fields: "id") { id: ID! }
      type Query { anyNode: Node }`,
    resolvers: {
      Query: { anyNode: () => ({ __typename: 'Node', id: 'n1' }) },
      Node: { __resolveReference: () => null },
    } as Resolvers,
  },
  {
    name: 'annotations',
    typeDefs: `${LINK(['@key', '@interfaceObject'])}
      "节点的批注，本子图不能按键解析节点。Notes on nodes: this subgraph cannot resolve a node by its key."
      type Node @key(fields: "id", resolvable: false) @interfaceObject { id: ID! note: String }
      type Query { annotatedNode: Node }`,
    resolvers: { Query: { annotatedNode: () => ({ id: 'n1', note: '已核验' }) } } as Resolvers,
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
