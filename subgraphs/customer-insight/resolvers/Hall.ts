import type { HallResolvers } from '../__generated__/resolvers-types.js';

export const Hall: HallResolvers = {
  city: async (h, _args, ctx) => (await ctx.loaders.city.load(h.city_code)) ?? { code: h.city_code, name: h.city_code },
};
