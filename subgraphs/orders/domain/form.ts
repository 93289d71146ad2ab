import { createHash } from 'node:crypto';
import type { Cart, OfferContext, Prices } from './cart.js';

/**
 * The paperless form (免填单): structured content generated from the priced cart, a printable HTML
 * rendering of exactly that content, and the SHA-256 of its canonical JSON that the signature binds.
 */
export interface FormContent {
  formVersion: 1;
  sessionId: string;
  customer: { id: string; name: string; msisdn: string };
  hall: string | null;
  staffId: string;
  package: { code: string; name: string; description: string };
  promotion: { name: string; tier: string; gifts: string[] } | null;
  addOns: { code: string; name: string; monthlyFee: number }[];
  prices: Omit<Prices, 'pricedAt'>;
  terms: string[];
  generatedAt: string;
}

export function formContent(
  sessionId: string,
  cart: Cart,
  ctx: OfferContext,
  prices: Prices,
  who: { hall: string | null; staffId: string },
  at: Date,
): FormContent {
  const { pricedAt: _pricedAt, ...figures } = prices;
  const terms = [
    '本人已阅读并同意上述业务内容及资费标准。',
    ...(prices.contractMonths > 0 ? [`合约期${prices.contractMonths}个月，合约期内不可降档或取消，提前解约按协议收取违约金。`] : []),
    ...(prices.deposit > 0 ? [`押金${prices.deposit}元，合约期满且无欠费后退还。`] : []),
    ...(prices.prepayment > 0 ? [`预存话费${prices.prepayment}元按月返还，不可退现。`] : []),
    '个人信息按《个人信息保护法》处理，仅用于本次业务办理。',
  ];
  return {
    formVersion: 1,
    sessionId,
    customer: { id: ctx.customer!.id, name: ctx.customer!.name, msisdn: ctx.customer!.msisdn },
    hall: who.hall,
    staffId: who.staffId,
    package: { code: ctx.package!.code, name: ctx.package!.name, description: ctx.package!.description },
    promotion: cart.promotion ? { name: cart.promotion.promotionName, tier: cart.promotion.tierName, gifts: cart.promotion.gifts.map((g) => g.name) } : null,
    addOns: (cart.addOns ?? []).map((a) => ({ code: a.code, name: a.name, monthlyFee: a.monthlyFee })),
    prices: figures,
    terms,
    generatedAt: at.toISOString(),
  };
}

/** Canonical JSON: keys sorted at every level, so the same content always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const formHash = (content: FormContent) => createHash('sha256').update(canonical(content)).digest('hex');

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function formHtml(c: FormContent, hash: string): string {
  const row = (k: string, v: string) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`;
  const p = c.prices;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>业务受理单（免填单）</title>
<style>body{font-family:sans-serif;max-width:720px;margin:auto}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 8px;text-align:left}th{width:30%;background:#f4f4f4}.hash{font:12px monospace;color:#666}</style></head>
<body><h1>中国移动业务受理单（免填单）</h1><table>
${row('受理单号', c.sessionId)}${row('客户', `${c.customer.name}（${c.customer.msisdn}）`)}${row('受理营业厅', c.hall ?? '-')}${row('受理员工', c.staffId)}
${row('办理套餐', `${c.package.name}（${c.package.code}）`)}${row('资费说明', c.package.description)}
${c.promotion ? row('营销活动', `${c.promotion.name} · ${c.promotion.tier}`) + row('礼品', c.promotion.gifts.join('、') || '无') : ''}
${c.addOns.map((a) => row('叠加业务', `${a.name}（${a.code}）${a.monthlyFee}元/月`)).join('')}
${row('月费', `${p.monthlyFee}元（较原套餐${p.monthlyFeeChange >= 0 ? '+' : ''}${p.monthlyFeeChange}元，月优惠${p.monthlyDiscount}元）`)}
${row('今日应收', `${p.dueToday}元（一次性${p.oneTime}元、押金${p.deposit}元、预存${p.prepayment}元）`)}${row('合约期', p.contractMonths ? `${p.contractMonths}个月` : '无')}
</table><h2>客户确认</h2><ol>${c.terms.map((t) => `<li>${esc(t)}</li>`).join('')}</ol>
<p>生成时间：${esc(c.generatedAt)}</p><p class="hash">内容哈希 SHA-256：${hash}</p></body></html>`;
}
