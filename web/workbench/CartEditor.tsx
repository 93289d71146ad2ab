import { type CombinedError, useMutation, useQuery } from 'urql';
import type { HandlingViewFragment } from '../src/__generated__/graphql';
import { yuan } from '../src/format';
import { AddAddOnMutation, CartOptionsQuery, ChooseGiftsMutation, ChooseTierMutation, RemoveAddOnMutation } from './handling-operations';

/**
 * The cart's choices: the promotion's tier, its gifts (as many as the tier allows, in stock), and
 * add-on packs. Every change goes to the graph, which prices and checks it; a change after pricing
 * sends the session back to the cart (what was signed is no longer what is sold).
 */
export function CartEditor({ s, onRefused }: { s: HandlingViewFragment; onRefused: (e: CombinedError | undefined) => void }) {
  const promotion = s.cart.promotion;
  const [options] = useQuery({ query: CartOptionsQuery, variables: { promotion: promotion?.promotionCode ?? '', withPromotion: Boolean(promotion) } });
  const [tiered, chooseTier] = useMutation(ChooseTierMutation);
  const [gifted, chooseGifts] = useMutation(ChooseGiftsMutation);
  const [added, addAddOn] = useMutation(AddAddOnMutation);
  const [removed, removeAddOn] = useMutation(RemoveAddOnMutation);
  const step = () => ({ sessionId: s.id, version: s.version, idempotencyKey: crypto.randomUUID() });
  const busy = tiered.fetching || gifted.fetching || added.fetching || removed.fetching;
  const report = <T,>(r: { error?: CombinedError; data?: T }) => onRefused(r.error);
  const batch = options.data?.promotion?.batches.find((b) => b.code === promotion?.batchCode);
  const tier = batch?.tiers.find((t) => t.code === promotion?.tierCode);
  const chosen = new Set(promotion?.gifts.map((g) => g.code) ?? []);
  const held = new Set(s.cart.addOns.map((a) => a.package?.code));
  return (
    <div className="cart-editor">
      {promotion && batch ? (
        <label>
          档次 Tier{' '}
          <select
            value={promotion.tierCode}
            disabled={busy}
            onChange={(e) =>
              void chooseTier({ input: { ...step(), promotionCode: promotion.promotionCode, batchCode: promotion.batchCode, tierCode: e.target.value } }).then(
                report,
              )
            }
          >
            {batch.tiers.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}（月消费 ≥ {yuan(t.minMonthlyFee)}，月优惠 {yuan(t.monthlyDiscount)}）
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {tier && tier.gifts.length > 0 ? (
        <fieldset>
          <legend>礼品 Gifts（可选 {tier.giftChoices} 件）</legend>
          {tier.gifts.map((g) => (
            <label key={g.code} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(g.code)}
                disabled={busy || (g.stock <= 0 && !chosen.has(g.code))}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, g.code].slice(-tier.giftChoices) : [...chosen].filter((c) => c !== g.code);
                  void chooseGifts({ input: { ...step(), giftCodes: next } }).then(report);
                }}
              />
              {g.name}（价值 {yuan(g.value)}，库存 {g.stock}）
            </label>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>叠加包 Add-ons</legend>
        {(options.data?.packages.nodes ?? []).map((p) => (
          <label key={p.code} className="choice">
            <input
              type="checkbox"
              checked={held.has(p.code)}
              disabled={busy}
              onChange={(e) =>
                void (
                  e.target.checked ? addAddOn({ input: { ...step(), packageCode: p.code } }) : removeAddOn({ input: { ...step(), packageCode: p.code } })
                ).then(report)
              }
            />
            {p.name}（{yuan(p.monthlyFee)}/月）
          </label>
        ))}
      </fieldset>
    </div>
  );
}
