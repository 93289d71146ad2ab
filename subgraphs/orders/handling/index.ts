import { cancelSteps } from './cancel.js';
import { cartSteps } from './cart.js';
import { confirmationSteps } from './confirmation.js';
import { declarationSteps } from './declaration.js';
import { formSteps } from './form.js';
import { handlingFlow, type HandlingDeps } from './kit.js';
import { priceSteps } from './price.js';
import { startSteps } from './start.js';
import { submitSteps } from './submit.js';
import { targetListSteps } from './target-list.js';

export type { HandlingDeps } from './kit.js';
export type { TargetRow } from './target-list.js';

/**
 * The handling flow, one module per step over the shared transitions in kit.ts: start, the cart,
 * pricing, the form and signature, submission and reconciliation, cancelling, declarations, the
 * customer's remote confirmation, and target lists.
 */
export function createHandlingService(deps: HandlingDeps) {
  const flow = handlingFlow(deps);
  const submit = submitSteps(flow);
  return {
    ...startSteps(flow),
    ...cartSteps(flow),
    ...priceSteps(flow),
    ...formSteps(flow),
    ...submit,
    ...cancelSteps(flow),
    ...declarationSteps(flow),
    ...confirmationSteps(flow, submit.submit),
    ...targetListSteps(flow),
  };
}

export type HandlingService = ReturnType<typeof createHandlingService>;
