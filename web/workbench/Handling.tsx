import { useEffect, useState } from 'react';
import { type CombinedError, useMutation, useQuery, useSubscription } from 'urql';
import type { HandlingViewFragment } from '../src/__generated__/graphql';
import {
  CancelHandlingMutation,
  DeclarationDecisionsSubscription,
  DeclareMutation,
  GenerateFormMutation,
  HandlingSessionQuery,
  HandlingUpdatesSubscription,
  PriceCartMutation,
  SignFormMutation,
  SubmitHandlingMutation,
} from './handling-operations';
import fontCss from '../src/font.css?url';
import { errorMessage, yuan } from '../src/format';
import { CartEditor } from './CartEditor';
import { SignaturePad } from './SignaturePad';

/** The form names generic fonts only; a hall PC may have no Chinese one, so the shipped face follows them. */
const FORM_FONT = '<style>* { font-family: system-ui, sans-serif, "Noto Sans SC" !important; }</style>';
const key = () => crypto.randomUUID();
const STATUS_ZH: Record<string, string> = {
  DRAFT: '购物车',
  PRICED: '已计费',
  FORM_GENERATED: '免填单待签',
  SIGNED: '已签名',
  AWAITING_APPROVAL: '待审批',
  SUBMITTED: '提交中',
  COMPLETED: '办理成功',
  FAILED: '提交失败',
  CANCELLED: '已取消',
};

/** The graph's own words for a refused step; the screen stays as it was. */
function Refusal({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  const e = error.graphQLErrors[0];
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
      {e?.extensions?.code ? <code> {String(e.extensions.code)}</code> : null}
    </p>
  );
}

/**
 * 整体办理 from a card: the card stays pinned above every step — cart, server-priced fees, the
 * paperless form as the customer sees it, the signature, submission and its result, and, when the
 * offer needs approval, the declaration and the decision as it arrives.
 */
export function Handling({ sessionId, pinned, onClose }: { sessionId: string; pinned: React.ReactNode | null; onClose: () => void }) {
  const [view, reread] = useQuery({ query: HandlingSessionQuery, variables: { id: sessionId } });
  const s = view.data?.handlingSession;
  const [priced, price] = useMutation(PriceCartMutation);
  const [formed, form] = useMutation(GenerateFormMutation);
  const [signed, sign] = useMutation(SignFormMutation);
  const [submitted, submit] = useMutation(SubmitHandlingMutation);
  const [cancelled, cancel] = useMutation(CancelHandlingMutation);
  const [declared, declare] = useMutation(DeclareMutation);
  const [strokes, setStrokes] = useState<number[][][]>([]);
  const [cartRefusal, setCartRefusal] = useState<CombinedError | undefined>(undefined);
  const [repeat, setRepeat] = useState(false);
  const [reason, setReason] = useState('');
  const [decisions] = useSubscription({ query: DeclarationDecisionsSubscription, pause: !s?.declaration });
  const decided = decisions.data?.declarationDecisions;
  // The customer confirmed remotely (or the CRM answered late): the order's outcome arrives here.
  const [updates] = useSubscription({ query: HandlingUpdatesSubscription });
  const settled = updates.data?.handlingUpdates;
  useEffect(() => {
    // A reviewer decided on this session's declaration, or its order was settled: read it again.
    if ((decided && decided.declaration.sessionId === sessionId) || settled?.session.id === sessionId) reread({ requestPolicy: 'network-only' });
  }, [decided, settled, sessionId, reread]);

  // Refused as stale (another screen moved the session): what the screen shows stays, its version is read again.
  const stale = [priced, formed, signed, submitted, cancelled].some((m) => m.error?.graphQLErrors.some((e) => e.extensions?.code === 'CONFLICT'));
  useEffect(() => {
    if (stale) reread({ requestPolicy: 'network-only' });
  }, [stale, reread]);

  if (!s) return <section className="handling">{pinned}</section>;
  // A session resumed by its id (a parked offer, the customer back at the counter): its own card.
  pinned ??= (
    <aside className="pinned" aria-label="办理中的推荐卡片 The card being handled">
      <div className="card" data-package={s.card?.packageCode ?? s.cart.package?.code}>
        <div className="card-head">
          <strong>{s.cart.packageName ?? s.cart.package?.code}</strong>
          {s.requiresApproval ? <span className="badge badge-approval">需申报</span> : null}
        </div>
        {s.card ? <p className="card-figures">{s.card.summary}</p> : null}
      </div>
    </aside>
  );
  const step = (x: HandlingViewFragment) => ({ sessionId: x.id, version: x.version, idempotencyKey: key() });
  const busy = priced.fetching || formed.fetching || signed.fetching || submitted.fetching || cancelled.fetching;
  const lastError = [submitted.error, signed.error, formed.error, priced.error, cancelled.error, declared.error, cartRefusal].find(Boolean);
  const repeatRefused = submitted.error?.graphQLErrors.some((e) => e.extensions?.code === 'REPEAT_ORDER');
  const approvalNeeded = submitted.error?.graphQLErrors.some((e) => e.extensions?.code === 'APPROVAL_REQUIRED') || s.status === 'AWAITING_APPROVAL';
  const finished = s.status === 'COMPLETED' || s.status === 'CANCELLED';

  return (
    <section className="handling" aria-label="整体办理 Handling" data-session={s.id} data-version={s.version}>
      {pinned}
      <header className="handling-head">
        <h2>整体办理 · {STATUS_ZH[s.status] ?? s.status}</h2>
        {!finished ? (
          <button type="button" disabled={busy} onClick={() => void cancel({ input: step(s) })}>
            取消办理 Cancel
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            返回画像 Back
          </button>
        )}
      </header>
      <div className="cart">
        <h3>购物车 Cart</h3>
        <p>
          套餐：{s.cart.packageName ?? s.cart.package?.code}
          {s.cart.package ? `（${yuan(s.cart.package.monthlyFee)}/月）` : ''}
        </p>
        {s.cart.promotion ? (
          <p>
            促销：{s.cart.promotion.promotionName}·{s.cart.promotion.tierName}
            {s.cart.promotion.gifts.length ? ` · 礼品：${s.cart.promotion.gifts.map((g) => g.name).join('、')}` : ''}
          </p>
        ) : null}
        {s.cart.addOns.length ? <p>叠加包：{s.cart.addOns.map((a) => `${a.name}（${yuan(a.monthlyFee)}/月）`).join('、')}</p> : null}
        {['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED'].includes(s.status) ? <CartEditor s={s} onRefused={setCartRefusal} /> : null}
      </div>
      {s.prices ? (
        <table className="prices">
          <tbody>
            <tr>
              <th>月费</th>
              <td>
                {yuan(s.prices.monthlyFee)}（{s.prices.monthlyFeeChange >= 0 ? '+' : ''}
                {yuan(s.prices.monthlyFeeChange)}，月优惠 {yuan(s.prices.monthlyDiscount)}）
              </td>
            </tr>
            <tr>
              <th>今日应收</th>
              <td>
                {yuan(s.prices.dueToday)}（一次性 {yuan(s.prices.oneTime)}、押金 {yuan(s.prices.deposit)}、预存 {yuan(s.prices.prepayment)}）
              </td>
            </tr>
            <tr>
              <th>合约期</th>
              <td>{s.prices.contractMonths ? `${s.prices.contractMonths} 个月` : '无'}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      <Refusal error={lastError} />
      {s.status === 'DRAFT' ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void price({ input: step(s) })}>
          计算费用 Price
        </button>
      ) : null}
      {s.status === 'PRICED' ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void form({ input: step(s) })}>
          生成免填单 Paperless form
        </button>
      ) : null}
      {s.form && (s.status === 'FORM_GENERATED' || s.status === 'SIGNED') ? (
        // Same origin for the shipped font, never scripts: the form is shown exactly as the customer will see it.
        <iframe
          className="form"
          title="免填单 Paperless form"
          sandbox="allow-same-origin"
          srcDoc={`<link rel="stylesheet" href="${fontCss}">${s.form.html}${FORM_FONT}`}
        />
      ) : null}
      {s.status === 'FORM_GENERATED' && s.form ? (
        <div>
          <h3>客户签名 Signature</h3>
          <SignaturePad onChange={setStrokes} />
          <button
            type="button"
            className="primary"
            disabled={busy || strokes.flat().length < 10}
            onClick={() => void sign({ input: { ...step(s), formHash: s.form!.hash, format: 'STROKES', data: JSON.stringify(strokes) } })}
          >
            确认签名 Sign
          </button>
        </div>
      ) : null}
      {s.status === 'SIGNED' || s.status === 'FAILED' ? (
        <div>
          {repeatRefused ? (
            <label>
              <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} /> 客户确需再次办理 Order it again on purpose
            </label>
          ) : null}
          <button type="button" className="primary" disabled={busy} onClick={() => void submit({ input: { ...step(s), confirmRepeat: repeat || null } })}>
            提交办理 Submit
          </button>
        </div>
      ) : null}
      {approvalNeeded && !s.declaration ? (
        <form
          className="declare"
          onSubmit={(e) => {
            e.preventDefault();
            void declare({ input: { sessionId: s.id, idempotencyKey: key(), reason } }).then(() => reread({ requestPolicy: 'network-only' }));
          }}
        >
          <h3>目标用户申报 Declaration</h3>
          <textarea aria-label="申报理由 Reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          <button type="submit" disabled={!reason.trim() || declared.fetching}>
            提交申报 Declare
          </button>
        </form>
      ) : null}
      {s.declaration ? (
        <p className={`declaration declaration-${s.declaration.status.toLowerCase()}`} role="status">
          申报{' '}
          {s.declaration.status === 'PENDING' ? '待审批…' : s.declaration.status === 'APPROVED' ? '已批准' : `已驳回：${s.declaration.decisionReason ?? ''}`}
        </p>
      ) : null}
      {s.remoteConfirmation ? (
        <p className="remote">
          已短信发送确认链接，{s.remoteConfirmation.confirmedAt ? '客户已确认' : `等待客户确认（剩余 ${s.remoteConfirmation.attemptsLeft} 次）`}
        </p>
      ) : null}
      {s.order ? (
        <p className={`order order-${s.order.status.toLowerCase()}`} role="status">
          订单 {s.order.orderNumber} · {STATUS_ZH[s.order.status] ?? s.order.status}
          {s.order.crmOrderId ? ` · 省CRM ${s.order.crmOrderId}` : ''}
          {s.order.failureReason ? ` · ${s.order.failureReason}` : ''}
        </p>
      ) : null}
    </section>
  );
}
