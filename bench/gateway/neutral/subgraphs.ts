/**
 * The public gateways benchmark's four subgraphs in one Node process, as its Rust server serves
 * them: POST /accounts, /inventory, /products, /reviews, and GET /health.
 *   node dist/bench/gateway/neutral/subgraphs.js <port>
 * Each is a Federation v2 subgraph (@apollo/subgraph) over the data in data.ts; a document is
 * parsed and validated once, so what a gateway costs them is execution and the bytes it sends.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { graphqlRuntime } from '../../../gateway/graphql-runtime.js';
import { AUTHOR, PRODUCTS, REVIEWS, reviewsOfUser, shippingEstimate, USERS, type Review } from './data.js';

const { parse, validate, execute } = graphqlRuntime;

export const NEUTRAL_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;
/** The SDL files sit beside the sources, also when this runs compiled from dist/bench/gateway/neutral. */
export const neutralSdlFile = (name: string) =>
  join(dirname(fileURLToPath(import.meta.url)).replace('/dist/bench/gateway/neutral', '/bench/gateway/neutral'), `${name}.graphql`);
export const neutralSdl = (name: string) => readFileSync(neutralSdlFile(name), 'utf8');

type Ref<K extends string> = Record<K, string> & Record<string, unknown>;

const resolvers: Record<string, Record<string, any>> = {
  accounts: {
    Query: { me: () => USERS[0], user: (_: unknown, { id }: { id: string }) => USERS.find((u) => u.id === id), users: () => USERS },
    User: { __resolveReference: (ref: Ref<'id'>) => USERS.find((u) => u.id === ref.id) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Ref<'upc'>) => ({ ...ref, inStock: PRODUCTS.find((p) => p.upc === ref.upc)?.inStock ?? null }),
      shippingEstimate: (p: { price?: number | null; weight?: number | null }) => shippingEstimate(p.price, p.weight),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first?: number | null }) => PRODUCTS.slice(0, first ?? 5) },
    Product: { __resolveReference: (ref: Ref<'upc'>) => PRODUCTS.find((p) => p.upc === ref.upc) },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Ref<'id'>) => REVIEWS.find((r) => r.id === ref.id),
      product: (r: Review) => ({ upc: r.productUpc }),
      author: () => ({ ...AUTHOR, reviews: reviewsOfUser() }),
    },
    User: {
      __resolveReference: (ref: Ref<'id'>) => ({ id: ref.id, reviews: reviewsOfUser() }),
    },
    Product: {
      __resolveReference: (ref: Ref<'upc'>) => ({ upc: ref.upc }),
      reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.productUpc === p.upc),
    },
  },
};

function schemaOf(name: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(neutralSdl(name)), resolvers: resolvers[name] as never });
}

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 4200);
  const schemas = new Map(NEUTRAL_SUBGRAPHS.map((n) => [`/${n}`, schemaOf(n)]));
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return void res.end('OK');
    const schema = req.method === 'POST' ? schemas.get(req.url ?? '') : undefined;
    if (!schema) {
      res.writeHead(404);
      return void res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let answer: unknown;
      try {
        const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const key = `${req.url}\n${query}`;
        let document = documents.get(key);
        if (!document) {
          const parsed = parse(query);
          const errors = validate(schema, parsed);
          documents.set(key, (document = errors.length ? errors : parsed));
        }
        answer = Array.isArray(document)
          ? { errors: document.map((e) => ({ message: e.message })) }
          : await execute({ schema, document: document as DocumentNode, variableValues: variables, operationName });
      } catch (error) {
        answer = { errors: [{ message: (error as Error).message }] };
      }
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  process.send?.('ready');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
