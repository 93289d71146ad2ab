import { describe, expect, it } from 'vitest';
import { parseWarningContent } from '../../subgraphs/alerts/domain/parse-content.js';
import { generateCustomer, generateWarningOrders, seedContext } from '../../lib/seed/customers.js';
import { CORPUS } from '../corpus/warning-orders.js';

describe('warning-order text parser', () => {
  it.each(CORPUS.map((s, i) => [i, s] as const))('reads sample %i', (_i, sample) => {
    const p = parseWarningContent(sample.text, sample.issuedOn);
    const e = sample.expect;
    expect(p.status).toBe(e.status);
    if (e.type !== undefined) expect(p.type).toBe(e.type);
    if (e.level !== undefined) expect(p.level).toBe(e.level);
    if (e.dueDate !== undefined) expect(p.dueDate).toBe(e.dueDate);
    if (e.figures) expect(Object.fromEntries(p.figures.map((f) => [f.name, f.value]))).toMatchObject(e.figures);
    if (e.figures && Object.keys(e.figures).length === 0) expect(p.figures).toEqual([]);
    if (e.actions) expect(p.actions).toEqual(e.actions);
    if (e.reasonIncludes) expect(p.reasons.join('。')).toContain(e.reasonIncludes);
  });

  it('understands every seeded order fully, and never loses text it cannot read', () => {
    const ctx = seedContext('2026-11-24');
    let n = 0;
    for (let i = 0; i < 3000; i++) {
      for (const o of generateWarningOrders(generateCustomer(i, ctx), i, ctx)) {
        const p = parseWarningContent(o.content, o.issuedAt.slice(0, 10));
        expect(p.status, o.content).toBe('PARSED');
        expect(p.type, o.content).toBe(o.type);
        expect(p.dueDate, o.content).toBe(o.dueDate);
        n++;
      }
    }
    expect(n).toBeGreaterThan(200);
  });
});
