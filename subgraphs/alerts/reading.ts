import { PARSER_VERSION, parseWarningContent } from './domain/parse-content.js';
import type { Store } from './store.js';

/** Orders read between two turns of the event loop: about 2 ms of work, so requests are not kept waiting. */
const BATCH = 25;

/**
 * Reads the text of stored orders: the grid system's batch is committed without waiting for it (the
 * extractor costs more than the rest of ingest), and this catches up at once after each batch and
 * every second after. Until an order is read, the graph reads its text on the fly, so no answer
 * shows it unread. A crash between storing and reading leaves it unread, to be read at the next round.
 */
export function textReading(store: Store) {
  let running: Promise<number> | null = null;
  let again = false;
  // Readings by an older extractor are dropped on the first round, to be read again with the rest.
  let oldForgotten = false;
  async function drain(): Promise<number> {
    let read = 0;
    for (;;) {
      const rows = await store.unread(BATCH);
      if (rows.length === 0) return read;
      await store.saveReadings(rows.map((r) => ({ id: r.id, parsed: parseWarningContent(r.content, r.issued_at) })));
      read += rows.length;
      // Give the event loop back between batches: requests come first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return {
    /** Reads what is unread; a call while a round runs makes it go round once more. */
    async read(): Promise<number> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        let total = 0;
        if (!oldForgotten) {
          await store.forgetOldReadings(PARSER_VERSION);
          oldForgotten = true;
        }
        do {
          again = false;
          total += await drain();
        } while (again);
        return total;
      })().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
