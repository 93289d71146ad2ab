import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { addDays, addMonths } from '../../../lib/calendar.js';
import type { AddedHolding, CustomerChange } from '../../../lib/events/contracts.js';
import { type CrmAccepted, CrmError, type CrmOrder, type CrmOrderStatus, type CrmPort } from './port.js';

export interface CrmSimulatorOptions {
  /** Milliseconds each call takes (mean); the CRM is slow, handling must not assume otherwise. */
  latencyMs: number;
  /** Share of calls that fail as unavailable, 0..1, drawn from a seeded sequence. */
  failureRate: number;
  /** Calls slower than this fail as a timeout. */
  timeoutMs: number;
  /**
   * A file the simulated CRM keeps its orders in, as the real CRM keeps them in its own database:
   * they outlive our process, so a crash mid-call can be reconciled against them. Unset: memory.
   */
  journal?: string;
}

type Decision = ({ status: 'ACCEPTED' } & CrmAccepted) | { status: 'REJECTED'; reason: string };

/**
 * A faithful stand-in for the provincial CRM: it takes time, it is sometimes unavailable, it
 * refuses some orders for business reasons, and it is idempotent by order number — a repeated
 * submission returns the same CRM order id and never creates a second order. It decides on an
 * order when it receives it and answers after its latency, so an answer can be lost (a timeout,
 * our process dying) for an order the CRM holds: `orderStatus` tells. An accepted order takes
 * effect on the day it was signed (立即生效), and the CRM reports what it changed: the new plan,
 * add-ons, the promotion and the contract, with their end dates.
 *   - numbers ending 4444: the CRM refuses (CRM_REJECTED: 用户状态异常).
 *   - CRM_SIM_FAILURE_RATE: share of calls answered CRM_UNAVAILABLE (retryable, nothing received).
 *   - CRM_SIM_LATENCY_MS: latency; above CRM_SIM_TIMEOUT_MS the call fails as CRM_TIMEOUT.
 */
export class CrmSimulator implements CrmPort {
  private readonly decided = new Map<string, Decision>();
  private calls = 0;
  /** Switch the simulated CRM off and on (tests, drills). */
  down = false;

  constructor(private readonly options: CrmSimulatorOptions) {
    if (options.journal && existsSync(options.journal)) {
      for (const line of readFileSync(options.journal, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { orderNumber: string } & Decision;
        const { orderNumber: _n, ...decision } = entry;
        this.decided.set(entry.orderNumber, decision);
      }
    }
  }

  async submitOrder(order: CrmOrder): Promise<CrmAccepted> {
    const call = ++this.calls;
    const latency = this.options.latencyMs * (0.5 + fraction(`${order.orderNumber}:${call}:latency`));
    const unavailable = this.down || fraction(`${order.orderNumber}:${call}:fail`) < this.options.failureRate;
    const decision = unavailable ? null : this.decide(order);
    await new Promise((r) => setTimeout(r, Math.min(latency, this.options.timeoutMs)));
    if (latency > this.options.timeoutMs) throw new CrmError('CRM_TIMEOUT', `省CRM响应超时（${Math.round(latency)} ms） / the CRM timed out`);
    if (!decision) throw new CrmError('CRM_UNAVAILABLE', '省CRM暂不可用，请稍后重试 / the CRM is unavailable');
    if (decision.status === 'REJECTED') throw new CrmError('CRM_REJECTED', decision.reason);
    return { crmOrderId: decision.crmOrderId, change: decision.change };
  }

  async orderStatus(orderNumber: string): Promise<CrmOrderStatus> {
    return this.decided.get(orderNumber) ?? { status: 'UNKNOWN' };
  }

  /** The CRM's decision on an order, made once and kept (in the journal, when there is one). */
  private decide(order: CrmOrder): Decision {
    const known = this.decided.get(order.orderNumber);
    if (known) return known;
    const decision: Decision = order.msisdn.endsWith('4444')
      ? { status: 'REJECTED', reason: '省CRM拒绝：用户状态异常（停机或黑名单） / the CRM refused: account state' }
      : {
          status: 'ACCEPTED',
          crmOrderId: `CRM${createHash('sha256').update(order.orderNumber).digest('hex').slice(0, 12).toUpperCase()}`,
          change: changeOf(order),
        };
    this.decided.set(order.orderNumber, decision);
    if (this.options.journal) {
      mkdirSync(dirname(this.options.journal), { recursive: true });
      // Synchronous: the order is the CRM's before anything else happens in this process.
      appendFileSync(this.options.journal, `${JSON.stringify({ orderNumber: order.orderNumber, ...decision })}\n`);
    }
    return decision;
  }
}

/** What an accepted order changes: its plan and add-ons open-ended, its promotion and contract for their months. */
export function changeOf(order: CrmOrder): CustomerChange {
  const from = order.orderedOn;
  const until = (months: number) => addDays(addMonths(from, months), -1);
  const pkg = (code: string, name: string, monthlyFeeCents: number): AddedHolding => ({
    kind: 'PACKAGE',
    name,
    packageCode: code,
    promotionCode: null,
    tierCode: null,
    endDate: null,
    monthlyFeeCents,
  });
  const adds = [pkg(order.packageCode, order.plan.name, order.plan.monthlyFeeCents), ...order.addOns.map((a) => pkg(a.code, a.name, a.monthlyFeeCents))];
  if (order.promotion)
    adds.push({
      kind: 'PROMOTION',
      name: order.promotion.name,
      packageCode: null,
      promotionCode: order.promotion.promotionCode,
      tierCode: order.promotion.tierCode,
      // A promotion without a commitment runs for a year, as the province's do.
      endDate: until(order.contractMonths || 12),
      monthlyFeeCents: -order.promotion.monthlyDiscountCents,
    });
  if (order.contractMonths > 0)
    adds.push({
      kind: 'CONTRACT',
      name: `${order.plan.name}合约（${order.contractMonths}个月）`,
      packageCode: null,
      promotionCode: null,
      tierCode: null,
      endDate: until(order.contractMonths),
      monthlyFeeCents: 0,
    });
  return { effectiveOn: from, basePlan: order.plan.base ? order.packageCode : null, adds };
}

function fraction(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}
