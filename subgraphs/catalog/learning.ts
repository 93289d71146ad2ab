import type { Db } from '../../lib/db/db.js';
import { decodeCardId } from './domain/card-id.js';
import { MODEL_STRUCTURES } from './domain/learning/features.js';
import { AcceptanceModel, DEFAULT_MODEL } from './domain/learning/model.js';
import { outcomesAfter, type LoggedOutcome } from './outcomes-store.js';

/** Shown and accepted counts of one kind of card for one kind of customer in one hall, decayed. */
export interface Evidence {
  shown: number;
  accepted: number;
}

const EVIDENCE_WINDOW_MS = 30 * 86_400_000;
/** Rows learnt between two reads: each outcome trains every structure of the model, and a batch runs on the event loop. */
const BATCH = 1000;
/** How much a deferral teaches, against a decline's 1. */
const DEFERRAL_STRENGTH = 0.3;

/**
 * Learns, while the graph runs, from every outcome recorded in the city where it happened: each
 * catalog instance reads the outcome log in write order (a second after it was written) and
 * updates its city's model, so every instance ranks the next customer with what the last ones
 * did. Reading is the learner's own loop, never a request's.
 */
export class Learner {
  private readonly models = new Map<string, AcceptanceModel>();
  /** city → hall|segment|family → outcomes of the last 30 days, with their times. */
  private readonly evidence = new Map<string, Map<string, { shown: number[]; accepted: number[] }>>();
  /** Cards already counted as accepted (ACCEPTED then ORDERED is one acceptance), oldest first. */
  private readonly positive = new Set<string>();
  private low = 0;
  private readonly applied = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly cardSecret: string,
  ) {}

  model(city: string): AcceptanceModel {
    let m = this.models.get(city);
    if (!m) this.models.set(city, (m = new AcceptanceModel(DEFAULT_MODEL, MODEL_STRUCTURES)));
    return m;
  }

  /** What the hall's customers of the segment did with the family's cards in the last 30 days. */
  evidenceFor(city: string, hall: string | null, segment: string, family: string, now: number): Evidence | null {
    const e = this.evidence.get(city)?.get(`${hall ?? '-'}|${segment}|${family}`);
    if (!e) return null;
    const since = now - EVIDENCE_WINDOW_MS;
    return { shown: e.shown.filter((t) => t >= since).length, accepted: e.accepted.filter((t) => t >= since).length };
  }

  /** Reads what was written since the last call and learns it. Called by one worker, whose runs never overlap. */
  async catchUp(): Promise<number> {
    let learnt = 0;
    for (;;) {
      const rows = await outcomesAfter(this.db, this.low, BATCH);
      let settledThrough = this.low;
      let gap = false;
      for (const row of rows) {
        if (!this.applied.has(row.seq)) {
          this.apply(row);
          this.applied.add(row.seq);
          learnt++;
        }
        // The low mark moves past settled rows only while there is no unsettled one before them.
        if (!gap && row.settled) settledThrough = row.seq;
        else gap = true;
      }
      if (settledThrough > this.low) {
        this.low = settledThrough;
        for (const seq of this.applied) if (seq <= this.low) this.applied.delete(seq);
      }
      if (rows.length < BATCH) return learnt;
    }
  }

  private apply(row: LoggedOutcome): void {
    const ref = decodeCardId(row.card_id, this.cardSecret);
    if (!ref?.learning) return;
    const at = row.recorded_at.getTime();
    const { features, offset, segment, family } = ref.learning;
    const key = `${row.hall_code ?? '-'}|${segment}|${family}`;
    let perCity = this.evidence.get(row.city);
    if (!perCity) this.evidence.set(row.city, (perCity = new Map()));
    let e = perCity.get(key);
    if (!e) perCity.set(key, (e = { shown: [], accepted: [] }));
    if (row.outcome === 'SHOWN') {
      e.shown.push(at);
      if (e.shown.length > 5000) e.shown.splice(0, e.shown.length - 5000);
      return;
    }
    if (row.outcome === 'ACCEPTED' || row.outcome === 'ORDERED') {
      if (this.positive.has(row.card_id)) return;
      this.positive.add(row.card_id);
      // An order follows its acceptance within the visit: old cards need not be remembered.
      if (this.positive.size > 200_000) for (const id of [...this.positive].slice(0, 50_000)) this.positive.delete(id);
      e.accepted.push(at);
      if (e.accepted.length > 5000) e.accepted.splice(0, e.accepted.length - 5000);
      this.model(row.city).learn(features, true, at, offset);
    } else if (row.outcome === 'DECLINED') {
      this.model(row.city).learn(features, false, at, offset);
    } else if (row.outcome === 'DEFERRED') {
      // "Not today": less than a yes and less sure than a no, so a tempered no.
      this.model(row.city).learn(features, false, at, offset, DEFERRAL_STRENGTH);
    }
  }
}
