/**
 * The provincial CRM, as the order subgraph sees it. The real CRM is not reachable from here; a
 * simulator (./simulator.ts) stands behind this port, and an adapter for the real interfaces
 * replaces it by implementing the same interface.
 */
export interface CrmOrder {
  /** Our order number: the CRM must treat a repeat of it as the same order (idempotent). */
  orderNumber: string;
  customerId: string;
  msisdn: string;
  city: string;
  hall: string | null;
  staffId: string;
  packageCode: string;
  promotion: { promotionCode: string; batchCode: string; tierCode: string; giftCodes: string[] } | null;
  addOnCodes: string[];
  formHash: string;
  dueTodayCents: number;
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
  | { status: 'ACCEPTED'; crmOrderId: string }
  | { status: 'REJECTED'; reason: string }
  /** The CRM never received it: the submission did not reach it (or we died before sending). */
  | { status: 'UNKNOWN' };

export interface CrmPort {
  submitOrder(order: CrmOrder): Promise<{ crmOrderId: string }>;
  /**
   * The CRM's record of an order by our order number, for orders whose answer never came back
   * (the process died mid-call, the call timed out): they are reconciled from it.
   */
  orderStatus(orderNumber: string): Promise<CrmOrderStatus>;
}
