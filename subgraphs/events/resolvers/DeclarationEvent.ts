import type { DeclarationEventResolvers } from '../__generated__/resolvers-types.js';

export const DeclarationEvent: DeclarationEventResolvers = {
  id: (e) => String(e.seq),
  at: (e) => e.time,
  status: (e) => e.data.status,
  declaration: (e) => ({ __typename: 'Declaration', id: e.data.declarationId }),
};
