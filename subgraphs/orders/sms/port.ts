/**
 * Text messages to customers, as the order subgraph sees them. The provincial SMS gateway is not
 * reachable from here; a simulator (./outbox.ts) stands behind this port, and an adapter for the
 * real gateway replaces it by implementing the same interface.
 */
export interface SmsMessage {
  /** The customer's own number, in full: the message goes to it and nowhere else. */
  to: string;
  customerId: string;
  city: string;
  /** Why it was sent, for the outbox and the audit trail (REMOTE_CONFIRMATION). */
  purpose: string;
  text: string;
}

export interface SmsPort {
  send(message: SmsMessage, at: Date): Promise<{ id: string }>;
}
