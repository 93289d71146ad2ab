import type { Identity } from '../../lib/auth/identity.js';
import { graphCaller } from '../../lib/subgraph/graph-call.js';
import type { OfferContext } from './domain/cart.js';
import type { CardSnapshot } from './store.js';
import {
  CardDocument,
  ContactNumberDocument,
  CustomerByNumberDocument,
  CustomerFactsDocument,
  OfferContextDocument,
} from './__generated__/graph-operations.js';

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
  const ask = graphCaller(url, internalSecret);
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
