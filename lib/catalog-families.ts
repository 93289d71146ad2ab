/**
 * The catalogue's package families and audiences: one list for the seed, the marketing rule
 * language and the order subgraph's cart.
 */
export const FAMILIES = ['FIVE_G', 'FAMILY', 'YOUTH', 'BASIC', 'DATA_ADDON', 'VOICE_ADDON', 'RIGHTS', 'BROADBAND'] as const;
export type Family = (typeof FAMILIES)[number];
/** Families that replace the customer's base plan; the others are added on top of it. */
export const BASE_FAMILIES: readonly Family[] = ['FIVE_G', 'FAMILY', 'YOUTH', 'BASIC'];
/** Data, voice and rights packs: handled on top of a plan, and all the ADD_ON scenario offers. */
export const ADD_ON_FAMILIES: readonly Family[] = ['DATA_ADDON', 'VOICE_ADDON', 'RIGHTS'];

export const AUDIENCES = ['GENERAL', 'NEW_SUBSCRIBER', 'PORT_IN', 'CAMPUS', 'SENIOR', 'ENTERPRISE'] as const;
export type Audience = (typeof AUDIENCES)[number];
