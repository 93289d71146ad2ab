import { graphqlRuntime } from '../../../gateway/graphql-runtime.js';
import { AUTHOR, PRODUCTS, REVIEWS, reviewsOfUser, shippingEstimate, USERS, type Product, type Review } from './data.js';

const { buildSchema, graphql } = graphqlRuntime;

/**
 * The same graph without federation: one schema over the same data, resolved by graphql-js. Every
 * gateway's answer is checked against what this returns, so no gateway is the judge of the others.
 */
const schema = buildSchema(`
  type Query { me: User user(id: ID!): User users: [User] topProducts(first: Int = 5): [Product] }
  type User { id: ID! name: String username: String birthday: Int reviews: [Review] }
  type Product { upc: String! name: String price: Int weight: Int inStock: Boolean shippingEstimate: Int reviews: [Review] }
  type Review { id: ID! body: String product: Product author: User }
`);

const root = {
  me: () => USERS[0],
  user: ({ id }: { id: string }) => USERS.find((u) => u.id === id),
  users: () => USERS.map((u) => ({ ...u, reviews: () => reviewsOfUser().map(review) })),
  topProducts: ({ first }: { first?: number }) => PRODUCTS.slice(0, first ?? 5).map(product),
};

function product(p: Product) {
  return { ...p, shippingEstimate: shippingEstimate(p.price, p.weight), reviews: () => REVIEWS.filter((r) => r.productUpc === p.upc).map(review) };
}

function review(r: Review): Record<string, unknown> {
  return {
    ...r,
    product: () => product(PRODUCTS.find((p) => p.upc === r.productUpc)!),
    author: () => ({ ...USERS.find((u) => u.id === AUTHOR.id), reviews: () => reviewsOfUser().map(review) }),
  };
}

/** The reference answer to a query, as JSON. */
export async function referenceAnswer(query: string): Promise<unknown> {
  return JSON.parse(JSON.stringify(await graphql({ schema, source: query, rootValue: root })));
}
