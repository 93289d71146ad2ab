/** The events every part agrees on: subjects and payloads on the bus (the contract between publishers and consumers). */

export const counterSubject = (counter: string) => `lingxi.counter.${counter}`;
export const hallWarningSubject = (hall: string) => `lingxi.hall.${hall}.warning`;
/** Gateways report a counter event pushed to at least one subscriber here. */
export const DELIVERY_SUBJECT = 'lingxi.delivery.counter';

export interface CounterEventData {
  kind: 'SESSION_OPENED' | 'CUSTOMER_IDENTIFIED' | 'SESSION_CLOSED';
  counter: string;
  hall: string;
  city: string;
  staffId: string | null;
  source: 'CLERK' | 'QUEUE' | 'CRM' | null;
  msisdnKey: string | null;
}

export interface HallWarningData {
  hall: string;
  city: string;
  warningOrderId: string;
}

export interface DeliveryData {
  eventSeq: number;
  counter: string;
  msisdnKey: string;
  at: string;
}

export const ORDER_COMPLETED_SUBJECT = 'lingxi.order.completed';
export const declarationSubject = (staffId: string) => `lingxi.declaration.${staffId}`;
/** A handling session's order was settled (the CRM answered), whoever set it off: the clerk, the customer's remote confirmation, the reconciler. */
export const handlingSubject = (staffId: string) => `lingxi.handling.${staffId}`;

export interface HandlingChangedData {
  sessionId: string;
  status: 'COMPLETED' | 'FAILED';
  city: string;
  staffId: string;
}

export interface OrderCompletedData {
  orderId: string;
  cardId: string | null;
  customerId: string;
  city: string;
  hall: string | null;
  staffId: string;
  packageCode: string;
  /** What the CRM reports the order changed: customer insight applies it to the customer's holdings. */
  change: CustomerChange;
}

/** One holding an order adds, as the CRM reports it. */
export interface AddedHolding {
  kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT';
  name: string;
  packageCode: string | null;
  promotionCode: string | null;
  tierCode: string | null;
  /** YYYY-MM-DD; null when open-ended. */
  endDate: string | null;
  /** Effect on the monthly bill in fen; discounts are negative. */
  monthlyFeeCents: number;
}

/**
 * The CRM's report of what an order changed for the customer, from the day it takes effect: the
 * holdings it adds, and the base plan it makes current (null when the order only adds to it).
 * A holding it adds replaces one of the same package or promotion; a new base plan replaces the old.
 */
export interface CustomerChange {
  /** YYYY-MM-DD, Asia/Shanghai. */
  effectiveOn: string;
  basePlan: string | null;
  adds: AddedHolding[];
}

export interface DeclarationDecidedData {
  declarationId: string;
  sessionId: string;
  status: 'APPROVED' | 'REJECTED';
  city: string;
  staffId: string;
}

/** A declaration waits for a reviewer of the city: the reviewers' queue hears of it. */
export const declarationQueueSubject = (city: string) => `lingxi.declarations.${city}`;

export interface DeclarationFiledData {
  declarationId: string;
  sessionId: string;
  status: 'PENDING';
  city: string;
  /** Who declared it. */
  staffId: string;
}
