/**
 * A warning order with what a careful reader takes from its text: the labelled corpus the extractor
 * is measured on (bench/warning-extraction.ts) and held to (test/unit/warning-extraction.test.ts).
 * Actions and reasons are labelled by a key phrase each: a parsed action matches one label when it
 * contains the phrase; a reason, when any parsed reason does.
 */
export type Hand = 'template' | 'grid-staff' | 'complaint-desk' | 'system' | 'manager' | 'held-out';

export interface Labelled {
  id: string;
  hand: Hand;
  /** When the grid system issued it, ISO 8601 with offset. */
  issuedAt: string;
  /** The `type` field the sender filled in: not always what the text says. */
  sentType: string;
  text: string;
  /** The type the text says (null when it says none). */
  type: string | null;
  level: 'HIGH' | 'MEDIUM' | 'LOW' | null;
  dueDate: string | null;
  /** Figure name → value, in the names and units of subgraphs/alerts/domain/extract/figures.ts. */
  figures: Record<string, number>;
  actions: string[];
  reasons: string[];
}

type Label = Partial<Pick<Labelled, 'level' | 'dueDate' | 'figures' | 'actions' | 'reasons'>> & { type: string | null; sent?: string };

/** One hand's orders, numbered in the order written (from `offset` + 1 when a hand comes in batches). */
export function hand(name: Hand, orders: [issuedAt: string, text: string, label: Label][], offset = 0): Labelled[] {
  return orders.map(([issuedAt, text, l], i) => ({
    id: `${name}-${String(i + 1 + offset).padStart(3, '0')}`,
    hand: name,
    issuedAt: issuedAt.includes('T') ? issuedAt : `${issuedAt}T09:30:00+08:00`,
    sentType: l.sent ?? l.type ?? 'CHURN',
    text,
    type: l.type,
    level: l.level ?? null,
    dueDate: l.dueDate ?? null,
    figures: l.figures ?? {},
    actions: l.actions ?? [],
    reasons: l.reasons ?? [],
  }));
}
