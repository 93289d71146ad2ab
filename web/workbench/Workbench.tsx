import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import type { CustomerPictureFragment } from '../src/__generated__/graphql';
import { errorMessage } from '../src/format';
import { type Card, CustomerPicture, RecommendationCard } from './CustomerPicture';
import { Handling } from './Handling';
import { StartHandlingMutation } from './handling-operations';
import { CounterEventsSubscription, HallsQuery, IdentifyMutation, OpenCounterMutation } from './operations';
import { WarningDialog } from './WarningDialog';

/**
 * The counter workbench: the counter session opens by itself, and whoever sits down — called by the
 * queue, identified by the CRM, or typed in by the clerk — appears with no click.
 */
export function Workbench({ hall, staffName }: { hall: string; staffName: string }) {
  const [halls] = useQuery({ query: HallsQuery });
  const counters = halls.data?.halls.find((h) => h.code === hall)?.counters ?? [];
  const [counter, setCounter] = useState<string | null>(() => new URLSearchParams(window.location.search).get('counter'));
  const chosen = counter ?? counters[0] ?? null;
  const [opened, open] = useMutation(OpenCounterMutation);
  const [customer, setCustomer] = useState<CustomerPictureFragment | null>(null);
  const [typed, setTyped] = useState('');
  const [identified, identify] = useMutation(IdentifyMutation);
  // ?session= resumes a session (a parked offer, the customer back at the counter).
  const [handling, setHandling] = useState<{ sessionId: string; card: Card | null } | null>(() => {
    const id = new URLSearchParams(window.location.search).get('session');
    return id ? { sessionId: id, card: null } : null;
  });
  const [started, start] = useMutation(StartHandlingMutation);
  const handle = (card: Card) =>
    void start({ input: { idempotencyKey: crypto.randomUUID(), cardId: card.id } }).then((r) => {
      if (r.data) setHandling({ sessionId: r.data.startHandling.id, card });
    });

  useEffect(() => {
    if (!chosen) return;
    setCustomer(null);
    void open({ counter: chosen });
  }, [chosen, open]);
  // Each part of an answer shows as it arrives: the picture first, its cards when they come (@defer).
  useEffect(() => {
    if (opened.data) setCustomer(opened.data.openCounterSession.currentCustomer ?? null);
  }, [opened.data]);
  useEffect(() => {
    const identifiedCustomer = identified.data?.identifyCustomer.customer;
    if (!identifiedCustomer) return;
    setCustomer(identifiedCustomer);
    setHandling(null);
  }, [identified.data]);

  const [events] = useSubscription({ query: CounterEventsSubscription, variables: { counter: chosen ?? '' }, pause: !chosen || !opened.data });
  const event = events.data?.counterEvents;
  useEffect(() => {
    if (!event) return;
    if (event.kind === 'CUSTOMER_IDENTIFIED') {
      setCustomer(event.customer ?? null);
      setHandling(null);
    }
    if (event.kind === 'SESSION_CLOSED') setCustomer(null);
  }, [event]);

  const hallName = halls.data?.halls.find((h) => h.code === hall)?.name ?? hall;
  const problem = opened.error ?? events.error ?? halls.error;
  return (
    <div className="workbench">
      <header className="bar">
        <h1>灵犀助手 · 柜台工作台</h1>
        <span>
          {hallName} · {staffName}
        </span>
        <label>
          柜台 Counter{' '}
          <select value={chosen ?? ''} onChange={(e) => setCounter(e.target.value)}>
            {counters.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <span className={`status ${opened.data ? 'status-open' : ''}`} role="status">
          {opened.data ? '已开台，等待客户 Open' : '开台中… Opening'}
        </span>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen && typed.trim()) void identify({ counter: chosen, msisdn: typed.trim() }).then((r) => r.data && setTyped(''));
          }}
        >
          <input
            aria-label="手机号 Mobile number"
            placeholder="输入或扫码手机号"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            inputMode="numeric"
          />
          <button type="submit" disabled={identified.fetching}>
            识别 Identify
          </button>
        </form>
      </header>
      {problem ? (
        <p className="error" role="alert">
          {errorMessage(problem)}
        </p>
      ) : null}
      {identified.error ? (
        <p className="error" role="alert">
          {errorMessage(identified.error)}
        </p>
      ) : null}
      {started.error ? (
        <p className="error" role="alert">
          {errorMessage(started.error)}
        </p>
      ) : null}
      {handling ? (
        <Handling
          sessionId={handling.sessionId}
          pinned={
            handling.card ? (
              <aside className="pinned" aria-label="办理中的推荐卡片 The card being handled">
                <RecommendationCard card={handling.card} />
              </aside>
            ) : null
          }
          onClose={() => setHandling(null)}
        />
      ) : customer ? (
        <>
          <CustomerPicture customer={customer} onHandle={handle} />
          <WarningDialog key={customer.id} warnings={customer.warningOrders} />
        </>
      ) : (
        <p className="waiting">等待客户落座：叫号或识别后，客户画像自动显示。Waiting for the next customer.</p>
      )}
    </div>
  );
}
