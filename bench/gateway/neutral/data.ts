/**
 * The data of the public gateways benchmark's four subgraphs (graphql-hive/graphql-gateways-benchmark),
 * to the same shape and sizes: six users, nine products, eleven reviews of four products.
 */

export interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}

export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
  inStock: boolean;
}

export interface Review {
  id: string;
  body: string;
  productUpc: string;
}

export const USERS: readonly User[] = [
  ['1', 'Uri Goldshtein', 'urigo'],
  ['2', 'Dotan Simha', 'dotansimha'],
  ['3', 'Kamil Kisiela', 'kamilkisiela'],
  ['4', 'Arda Tanrikulu', 'ardatan'],
  ['5', 'Gil Gardosh', 'gilgardosh'],
  ['6', 'Laurin Quast', 'laurin'],
].map(([id, name, username]) => ({ id, name, username, birthday: 1234567890 }));

export const PRODUCTS: readonly Product[] = (
  [
    ['Table', 899, 100, true],
    ['Couch', 1299, 1000, false],
    ['Glass', 15, 20, false],
    ['Chair', 499, 100, false],
    ['TV', 1299, 1000, true],
    ['Lamp', 6999, 300, true],
    ['Grill', 3999, 2000, true],
    ['Fridge', 100000, 6000, false],
    ['Sofa', 9999, 800, true],
  ] as const
).map(([name, price, weight, inStock], i) => ({ upc: String(i + 1), name, price, weight, inStock }));

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const SED =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const QUIA =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const MINIMA =
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const VERO =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';

export const REVIEWS: readonly Review[] = (
  [
    [LOREM, '1'],
    [SED, '1'],
    [QUIA, '1'],
    [MINIMA, '1'],
    [LOREM, '2'],
    [SED, '2'],
    [QUIA, '2'],
    [MINIMA, '2'],
    [MINIMA, '3'],
    [MINIMA, '4'],
    [VERO, '4'],
  ] as const
).map(([body, productUpc], i) => ({ id: String(i + 1), body, productUpc }));

/** Every review's author is the first user, who (as the reviews subgraph knows users) wrote the first two. */
export const AUTHOR = { id: '1', username: 'urigo' };
export const reviewsOfUser = () => REVIEWS.slice(0, 2);

/** Free shipping over 1000; otherwise half the weight. */
export const shippingEstimate = (price: number | null | undefined, weight: number | null | undefined) =>
  price == null ? null : price > 1000 ? 0 : weight == null ? null : Math.floor(weight / 2);

/** The deep query of the public benchmark (its k6.js), about 87 kB of answer, and a one-subgraph query. */
export const NEUTRAL_QUERIES = {
  deep: `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`,
  one: `query OneSubgraph { users { id name username birthday } }`,
} as const;
