import type { GiftResolvers } from '../__generated__/resolvers-types.js';

export const Gift: GiftResolvers = {
  value: (g) => g.value_cents / 100,
};
