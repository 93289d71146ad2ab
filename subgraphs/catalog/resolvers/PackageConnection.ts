import type { PackageConnectionResolvers } from '../__generated__/resolvers-types.js';

export const PackageConnection: PackageConnectionResolvers = {
  pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
};
