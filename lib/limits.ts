/**
 * The largest request body the gateway and subgraphs accept. A whole-catalogue import (575
 * packages, 2,742 tiers: about 2 MB of JSON, 3 MB pretty-printed) is the largest legitimate
 * request; the import itself is capped below this.
 */
export const MAX_REQUEST_BYTES = 24 * 1024 * 1024;
