import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../../lib/auth/tokens.js';
import type { Identity } from '../../lib/auth/identity.js';
import { appError, ErrorCode } from '../../lib/errors.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import type { OfferContext } from './domain/cart.js';
import type { CardSnapshot } from './store.js';
import {
  CardDocument,
  ContactNumberDocument,
  CustomerByNumberDocument,
  CustomerFactsDocument,
  OfferContextDocument,
} from './__generated__/graph-operations.js';

/** Each operation's text, printed once. */
const texts = new WeakMap<object, string>();
const textOf = (document: DocumentNode) => {
  let text = texts.get(document);
  if (!text) texts.set(document, (text = print(document)));
  return text;
};

/**
 * The order subgraph reads the catalogue, the rules and the customer through the one graph, as the
 * person it is serving (never another subgraph's tables): the gateway resolves the query across
 * customer insight and catalog like any front end's.
 */
export interface GraphPort {
  offerContext(
    identity: Identity,
    offer: { customerId: string; packageCode: string; promotionCode?: string | null; batchCode?: string | null; tierCode?: string | null },
  ): Promise<OfferContext>;
  card(identity: Identity, cardId: string): Promise<(CardSnapshot & { customerId: string }) | null>;
  customer(identity: Identity, customerId: string): Promise<{ id: string; msisdn: string; arpu: number; tenureMonths: number } | null>;
  /** The customer id for a number, if the customer is in the caller's city. */
  customerByNumber(identity: Identity, msisdn: string): Promise<string | null>;
  /**
   * A customer's own number in full, to send them their confirmation code. Asked as the order
   * subgraph itself (staff id `system:orders-sms`), so the access log says who read it and why.
   */
  contactNumber(city: string, customerId: string): Promise<string | null>;
}

/** The order subgraph acting for itself: it reads a customer's full number only to text them. */
const smsSender = (city: string): Identity => ({ staffId: 'system:orders-sms', name: '办理子图短信 / orders SMS', hall: null, city, roles: ['admin'] });

export function graphClient(url: () => string, internalSecret: string): GraphPort {
  /** Sends one of graph-operations.graphql's typed operations as `identity`, and answers its typed data. */
  async function ask<R, V>(identity: Identity, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const token = await signIdentity(identity, internalSecret, INTERNAL_AUDIENCE, 60);
    const query = textOf(document);
    let body: { data?: R; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
    try {
      const res = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: token },
        body: JSON.stringify({ query, variables }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw appError(ErrorCode.SUBGRAPH_UNAVAILABLE, '无法经网关读取目录 / the graph is unreachable');
    }
    const denied = body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'BAD_USER_INPUT');
    if (denied) throw appError(denied.extensions!.code as 'FORBIDDEN', denied.message, denied.extensions?.field ? { field: denied.extensions.field } : {});
    if (!body.data) throw appError(ErrorCode.SUBGRAPH_UNAVAILABLE, `目录暂不可用 / the catalogue is unavailable: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  }
  return {
    async offerContext(identity, offer) {
      const d = await ask(identity, OfferContextDocument, {
        customerId: offer.customerId,
        packageCode: offer.packageCode,
        promotionCode: offer.promotionCode ?? null,
        batchCode: offer.batchCode ?? null,
        tierCode: offer.tierCode ?? null,
        promotion: offer.promotionCode ?? '',
        withPromotion: Boolean(offer.promotionCode),
      });
      const tier = d.promotion?.batches.find((b) => b.code === offer.batchCode)?.tiers.find((t) => t.code === offer.tierCode) ?? null;
      return {
        customer: d.customerById ? { id: d.customerById.id, name: d.customerById.name, msisdn: d.customerById.msisdn, city: d.customerById.city.code } : null,
        check: d.customerById?.offerCheck ?? null,
        package: d.package,
        tier,
        promotionName: d.promotion?.name ?? null,
      };
    },
    async card(identity, cardId) {
      const d = await ask(identity, CardDocument, { cardId });
      if (!d.explainCard) return null;
      return { ...d.explainCard.handleInput, summary: d.explainCard.reasons.join('；') || '按客户需求推荐' };
    },
    async customerByNumber(identity, msisdn) {
      return (await ask(identity, CustomerByNumberDocument, { m: msisdn })).customer?.id ?? null;
    },
    async contactNumber(city, customerId) {
      return (await ask(smsSender(city), ContactNumberDocument, { id: customerId })).customerById?.msisdn ?? null;
    },
    async customer(identity, customerId) {
      return (await ask(identity, CustomerFactsDocument, { id: customerId })).customerById;
    },
  };
}
