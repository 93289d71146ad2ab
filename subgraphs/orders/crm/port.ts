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

export interface CrmPort {
  submitOrder(order: CrmOrder): Promise<{ crmOrderId: string }>;
}
