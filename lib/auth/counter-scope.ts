import type { Identity } from './identity.js';

/**
 * Who may watch and act at a counter: the staff of its hall, and the hall managers of its city.
 * One rule for the counter subscription, the counter events it resolves, and the counter
 * mutations; a clerk of another hall reaches none of them.
 */
export function mayServeCounter(identity: Identity, counter: { hall: string; city: string }): boolean {
  if (counter.city !== identity.city) return false;
  return counter.hall === identity.hall || identity.roles.includes('hall_manager');
}
