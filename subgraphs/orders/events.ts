/** What the order subgraph puts on the bus. */
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
