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

export interface OrderCompletedData {
  orderId: string;
  cardId: string | null;
  customerId: string;
  city: string;
  hall: string | null;
  staffId: string;
  packageCode: string;
}

export interface DeclarationDecidedData {
  declarationId: string;
  sessionId: string;
  status: 'APPROVED' | 'REJECTED';
  city: string;
  staffId: string;
}
