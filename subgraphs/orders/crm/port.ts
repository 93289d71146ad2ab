/**
 * The provincial CRM, as the order subgraph sees it. The real CRM is not reachable from here; a
 * simulator (./simulator.ts) stands behind this port, and an adapter for the real interfaces
 * replaces it by implementing the same interface.
 */
import type { CustomerChange } from '../../../lib/events/contracts.js';

export interface CrmOrder {
  /** Our order number: the CRM must treat a repeat of it as the same order (idempotent). */
  orderNumber: string;
  customerId: string;
  msisdn: string;
  city: string;
  hall: string | null;
  staffId: string;
  packageCode: string;
  /** The plan as priced and signed: a base plan replaces the customer's, any other is added to it. */
  plan: { name: string; base: boolean; monthlyFeeCents: number };
  promotion: {
    promotionCode: string;
    batchCode: string;
    tierCode: string;
    name: string;
    monthlyDiscountCents: number;
    giftCodes: string[];
  } | null;
  addOns: { code: string; name: string; monthlyFeeCents: number }[];
  /** Months the customer commits to (0: none). */
  contractMonths: number;
  /** The business day the customer signed on (Asia/Shanghai), from which the order takes effect. */
  orderedOn: string;
  formHash: string;
  dueTodayCents: number;
}

/** The CRM's answer to an order it accepted: its number, and what the order changed for the customer. */
export interface CrmAccepted {
  crmOrderId: string;
  change: CustomerChange;
}

export class CrmError extends Error {
  constructor(
    /** CRM_UNAVAILABLE (retry later), CRM_TIMEOUT, CRM_REJECTED (the CRM refused this order). */
    readonly code: 'CRM_UNAVAILABLE' | 'CRM_TIMEOUT' | 'CRM_REJECTED',
    message: string,
  ) {
    super(message);
  }
}

/** What the CRM knows of one of our order numbers. */
export type CrmOrderStatus =
  | ({ status: 'ACCEPTED' } & CrmAccepted)
  | { status: 'REJECTED'; reason: string }
  /** The CRM never received it: the submission did not reach it (or we died before sending). */
  | { status: 'UNKNOWN' };

export interface CrmPort {
  submitOrder(order: CrmOrder): Promise<CrmAccepted>;
  /**
   * The CRM's record of an order by our order number, for orders whose answer never came back
   * (the process died mid-call, the call timed out): they are reconciled from it.
   */
  orderStatus(orderNumber: string): Promise<CrmOrderStatus>;
}
