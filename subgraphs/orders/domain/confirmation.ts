/** Guesses of a six-digit remote-confirmation code before it is void. */
export const MAX_CONFIRMATION_ATTEMPTS = 5;
/** How long the link and code sent to the customer stay good. */
export const CONFIRMATION_TTL_MS = 24 * 3600_000;

/** Guesses a confirmation has left. */
export const attemptsLeft = (confirmation: { attempts: number } | null): number => Math.max(0, MAX_CONFIRMATION_ATTEMPTS - (confirmation?.attempts ?? 0));
