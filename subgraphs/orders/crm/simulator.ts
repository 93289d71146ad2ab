import { createHash } from 'node:crypto';
import { CrmError, type CrmOrder, type CrmPort } from './port.js';

export interface CrmSimulatorOptions {
  /** Milliseconds each call takes (mean); the CRM is slow, handling must not assume otherwise. */
  latencyMs: number;
  /** Share of calls that fail as unavailable, 0..1, drawn from a seeded sequence. */
  failureRate: number;
  /** Calls slower than this fail as a timeout. */
  timeoutMs: number;
}

/**
 * A faithful stand-in for the provincial CRM: it takes time, it is sometimes unavailable, it
 * refuses some orders for business reasons, and it is idempotent by order number — a repeated
 * submission returns the same CRM order id and never creates a second order.
 *   - numbers ending 4444: the CRM refuses (CRM_REJECTED: 用户状态异常).
 *   - CRM_SIM_FAILURE_RATE: share of calls answered CRM_UNAVAILABLE (retryable).
 *   - CRM_SIM_LATENCY_MS: latency; above CRM_SIM_TIMEOUT_MS the call fails as CRM_TIMEOUT.
 */
export class CrmSimulator implements CrmPort {
  private readonly accepted = new Map<string, string>();
  private calls = 0;
  /** Switch the simulated CRM off and on (tests, drills). */
  down = false;

  constructor(private readonly options: CrmSimulatorOptions) {}

  async submitOrder(order: CrmOrder): Promise<{ crmOrderId: string }> {
    const call = ++this.calls;
    const latency = this.options.latencyMs * (0.5 + fraction(`${order.orderNumber}:${call}:latency`));
    await new Promise((r) => setTimeout(r, Math.min(latency, this.options.timeoutMs)));
    if (latency > this.options.timeoutMs) throw new CrmError('CRM_TIMEOUT', `省CRM响应超时（${Math.round(latency)} ms） / the CRM timed out`);
    if (this.down || fraction(`${order.orderNumber}:${call}:fail`) < this.options.failureRate) throw new CrmError('CRM_UNAVAILABLE', '省CRM暂不可用，请稍后重试 / the CRM is unavailable');
    const existing = this.accepted.get(order.orderNumber);
    if (existing) return { crmOrderId: existing };
    if (order.msisdn.endsWith('4444')) throw new CrmError('CRM_REJECTED', '省CRM拒绝：用户状态异常（停机或黑名单） / the CRM refused: account state');
    const crmOrderId = `CRM${createHash('sha256').update(order.orderNumber).digest('hex').slice(0, 12).toUpperCase()}`;
    this.accepted.set(order.orderNumber, crmOrderId);
    return { crmOrderId };
  }
}

function fraction(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}
