import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';

/**
 * The one graph, as a screen talks to it: queries and mutations over HTTP, subscriptions over
 * graphql-ws (the staff token in connection_init), answers normalised in one cache so a customer
 * pushed by a subscription and the same customer read later are one record.
 */
export function graphClient(url: string, token: string): Client {
  const http = new URL(url, window.location.href);
  const wsUrl = new URL(http);
  wsUrl.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsClient({ url: wsUrl.href, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 20 });
  return new Client({
    url: http.href,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      cacheExchange({
        keys: {
          Package: (p) => (p.code as string) ?? null,
          Hall: (h) => (h.code as string) ?? null,
          City: (c) => (c.code as string) ?? null,
          // Values inside their parent, never shared.
          MonthlyUsage: () => null,
          ParsedWarning: () => null,
          WarningFigure: () => null,
          RecommendationReason: () => null,
          CounterIdentification: () => null,
          SuggestedPromotion: () => null,
          PromotionTier: () => null,
          HandlingCard: () => null,
          Cart: () => null,
          CartAddOn: () => null,
          CartPromotion: () => null,
          CartGift: () => null,
          CartPrices: () => null,
          PaperlessForm: () => null,
          SignatureInfo: () => null,
          RemoteConfirmation: () => null,
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });
}
