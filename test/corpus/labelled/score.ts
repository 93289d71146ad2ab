import type { Labelled } from './label.js';

/** What the graph answered for one order: the parse, and the type and level fields as stored. */
export interface Reading {
  status: 'PARSED' | 'PARTIAL' | 'UNPARSED';
  type: string | null;
  level: string | null;
  dueDate: string | null;
  figures: { name: string; value: number; unit: string }[];
  actions: string[];
  reasons: string[];
}

export interface ExtractionScore {
  orders: number;
  type: number;
  level: number;
  dueDate: number;
  figurePrecision: number;
  figureRecall: number;
  actionRecall: number;
  reasonRecall: number;
  /** Labelled actions found in the reasons instead: advice filed as the situation. */
  adviceInReasons: number;
  status: Record<Reading['status'], number>;
  misses: { id: string; field: string; expected: unknown; got: unknown }[];
}

const squash = (s: string) => s.replace(/[\s，,。；;：:、！!？?（）()【】[\]“”"'‘’]/g, '');

/** Scores readings against labels: accuracies and recalls as shares 0–1, misses listed for reading. */
export function scoreExtraction(pairs: { label: Labelled; reading: Reading }[]): ExtractionScore {
  const misses: ExtractionScore['misses'] = [];
  let type = 0;
  let level = 0;
  let due = 0;
  let figTrue = 0;
  let figGot = 0;
  let figWanted = 0;
  let actFound = 0;
  let actWanted = 0;
  let reaFound = 0;
  let reaWanted = 0;
  let leaked = 0;
  const status = { PARSED: 0, PARTIAL: 0, UNPARSED: 0 };
  for (const { label, reading } of pairs) {
    status[reading.status]++;
    const check = (field: string, expected: unknown, got: unknown) => {
      if (expected === got) return 1;
      misses.push({ id: label.id, field, expected, got });
      return 0;
    };
    type += check('type', label.type, reading.type);
    level += check('level', label.level, reading.level);
    due += check('dueDate', label.dueDate, reading.dueDate);
    const wanted = Object.entries(label.figures);
    figWanted += wanted.length;
    figGot += reading.figures.length;
    for (const f of reading.figures) {
      if (label.figures[f.name] === f.value) figTrue++;
      else misses.push({ id: label.id, field: `figure ${f.name}`, expected: label.figures[f.name] ?? null, got: f.value });
    }
    for (const [name, value] of wanted) if (!reading.figures.some((f) => f.name === name && f.value === value)) misses.push({ id: label.id, field: `figure ${name}`, expected: value, got: null });
    // One parsed action answers one labelled action: an unsplit run of advice counts once.
    const unused = reading.actions.map(squash);
    for (const a of label.actions) {
      actWanted++;
      const at = unused.findIndex((u) => u.includes(squash(a)));
      if (at >= 0) {
        actFound++;
        unused.splice(at, 1);
      } else {
        misses.push({ id: label.id, field: 'action', expected: a, got: reading.actions });
        if (reading.reasons.some((r) => squash(r).includes(squash(a)))) leaked++;
      }
    }
    for (const r of label.reasons) {
      reaWanted++;
      if (reading.reasons.some((x) => squash(x).includes(squash(r)))) reaFound++;
      else misses.push({ id: label.id, field: 'reason', expected: r, got: reading.reasons });
    }
  }
  const n = pairs.length;
  const share = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    orders: n,
    type: share(type, n),
    level: share(level, n),
    dueDate: share(due, n),
    figurePrecision: share(figTrue, figGot),
    figureRecall: share(figTrue, figWanted),
    actionRecall: share(actFound, actWanted),
    reasonRecall: share(reaFound, reaWanted),
    adviceInReasons: share(leaked, actWanted),
    status,
    misses,
  };
}
