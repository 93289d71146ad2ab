import type { CustomerPictureFragment } from '../src/__generated__/graphql';
import { yuanShort as yuan } from '../src/format';
import { UsageChart } from './UsageChart';

const SEGMENT_ZH: Record<string, string> = { HIGH_VALUE: '高价值', MID: '中端', MASS: '大众', YOUTH: '青年', SENIOR: '银发' };
const LABEL_ZH: Record<string, string> = { RED: '红', YELLOW: '黄', GREEN: '绿' };
const KIND_ZH: Record<string, string> = { PACKAGE: '套餐', PROMOTION: '促销', CONTRACT: '合约' };

export type Card = NonNullable<CustomerPictureFragment['recommendations']>[number];

/** One card as the clerk and the customer read it: in the list, and pinned through handling. */
export function RecommendationCard({ card, children }: { card: Card; children?: React.ReactNode }) {
  return (
    <div className="card" data-package={card.package.code}>
      <div className="card-head">
        <span className="rank">{card.rank}</span>
        <strong>{card.package.name}</strong>
        {card.requiresApproval ? <span className="badge badge-approval">需申报</span> : null}
        {children}
      </div>
      <p className="card-figures">
        月费 {yuan(card.package.monthlyFee)}（{card.monthlyFeeChange >= 0 ? '+' : ''}
        {yuan(card.monthlyFeeChange)}） · 接受可能 {Math.round(card.fitScore * 100)}%
        {card.promotion ? ` · ${card.promotion.promotionName}·${card.promotion.tier.name}` : ''}
      </p>
      <ul className="reasons">
        {card.reasons.map((r) => (
          <li key={r.text}>{r.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** Holdings by end date, open-ended last: what runs out first is read first. */
function byEndDate(a: { endDate?: string | null }, b: { endDate?: string | null }) {
  if (!a.endDate) return b.endDate ? 1 : 0;
  if (!b.endDate) return -1;
  return a.endDate < b.endDate ? -1 : a.endDate > b.endDate ? 1 : 0;
}

/** The customer's picture as the clerk sees it when they sit down: no click needed. */
export function CustomerPicture({ customer, onHandle }: { customer: CustomerPictureFragment; onHandle: (card: Card) => void }) {
  const holdings = [...customer.holdings].sort(byEndDate);
  const overage = customer.usage.reduce((s, u) => s + u.overageFee, 0);
  return (
    <section className="picture" aria-label="客户画像 Customer">
      <header className="profile">
        <h2>
          {customer.name} <span className="muted">{customer.msisdn}</span>
        </h2>
        <p>
          <span className="badge">{SEGMENT_ZH[customer.segment] ?? customer.segment}</span> 在网 {customer.tenureMonths} 个月 · ARPU {yuan(customer.arpu)} ·
          当前套餐 {customer.currentPackage ? `${customer.currentPackage.name}（${yuan(customer.currentPackage.monthlyFee)}/月）` : '无'}
          {overage > 0 ? ` · 近三月超套 ${yuan(overage)}` : ''}
        </p>
        <ul className="tags" aria-label="客户标签 Tags">
          {customer.tags.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </header>
      <div className="columns">
        <div>
          <h3>近三月用量 Usage</h3>
          <UsageChart usage={customer.usage} />
          <h3>持有业务 Holdings</h3>
          <ul className="chips" aria-label="持有业务 Holdings">
            {holdings.map((h) => (
              <li
                key={h.id}
                className={`chip chip-${h.expiryLabel.toLowerCase()}`}
                data-label={h.expiryLabel}
                title={`${KIND_ZH[h.kind]} · ${h.endDate ?? '长期有效'}`}
              >
                <span className="dot" aria-hidden="true" />
                {h.name}
                <span className="days">
                  {h.daysLeft == null ? '长期' : `剩${h.daysLeft}天`}（{LABEL_ZH[h.expiryLabel]}）
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>推荐 Recommendations</h3>
          {/* The cards are a deferred part of the picture: until they arrive, say so. */}
          {customer.recommendations === undefined ? (
            <p className="waiting cards-pending" aria-live="polite">
              推荐生成中… Cards on the way
            </p>
          ) : null}
          <ol className="cards" aria-label="推荐卡片 Recommendation cards">
            {(customer.recommendations ?? []).map((card) => (
              <li key={card.id}>
                <RecommendationCard card={card}>
                  <button type="button" className="primary" onClick={() => onHandle(card)}>
                    整体办理 Handle
                  </button>
                </RecommendationCard>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
