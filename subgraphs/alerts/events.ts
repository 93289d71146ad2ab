/** What alerts puts on the bus, and reads from it. The gateway's events subgraph reads the same shapes. */
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
