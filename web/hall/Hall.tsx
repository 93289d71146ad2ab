import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import type { HallWarningFragment } from '../src/__generated__/graphql';
import { errorMessage } from '../src/format';
import { WARNING_LEVEL_ZH as LEVEL_ZH, WARNING_TYPE_ZH as TYPE_ZH } from '../src/labels';
import { CounterActivitySubscription, CounterNowQuery, HallFeedQuery, HallWarningsSubscription } from './operations';

const STATUS_ZH: Record<string, string> = { NEW: '新', DELIVERED: '已推送', ACKNOWLEDGED: '已确认', HANDLED: '已处理', EXPIRED: '已过期' };
const KIND_ZH: Record<string, string> = { SESSION_OPENED: '开台', CUSTOMER_IDENTIFIED: '识别客户', SESSION_CLOSED: '闭台' };
const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString('zh-CN', { hour12: false }) : '—');

/** One counter: who is at it and what happened last, live. */
function Counter({ counter }: { counter: string }) {
  const [now] = useQuery({ query: CounterNowQuery, variables: { counter } });
  const [events] = useSubscription({ query: CounterActivitySubscription, variables: { counter } });
  const last = events.data?.counterEvents;
  const session = now.data?.counterSession;
  const open = last ? last.kind !== 'SESSION_CLOSED' : Boolean(session && !session.closedAt);
  const customer = last?.kind === 'CUSTOMER_IDENTIFIED' ? last.customer : (session?.currentCustomer ?? null);
  return (
    <li className={`counter ${open ? 'counter-open' : ''}`} data-counter={counter}>
      <strong>{counter}</strong> {open ? '营业中' : '未开台'}
      {customer ? <span> · 客户 {customer.name}</span> : null}
      {last ? (
        <span className="muted">
          {' '}
          · {KIND_ZH[last.kind] ?? last.kind} {time(last.at)}
        </span>
      ) : null}
    </li>
  );
}

/** The hall manager's screen: the hall's warning orders as they arrive, and the counters' activity. */
export function Hall({ hall, staffName }: { hall: string; staffName: string }) {
  const [feed] = useQuery({ query: HallFeedQuery, variables: { hall } });
  const [arrived, setArrived] = useState<HallWarningFragment[]>([]);
  const [live] = useSubscription({ query: HallWarningsSubscription, variables: { hall } });
  const incoming = live.data?.hallWarningOrders.warningOrder;
  useEffect(() => {
    if (incoming) setArrived((a) => (a.some((w) => w.id === incoming.id) ? a : [incoming, ...a]));
  }, [incoming]);
  const known = new Set(arrived.map((w) => w.id));
  const warnings = [...arrived, ...(feed.data?.hallWarningOrders ?? []).filter((w) => !known.has(w.id))];
  const info = feed.data?.halls.find((h) => h.code === hall);
  const problem = feed.error ?? live.error;
  return (
    <div className="hall">
      <header className="bar">
        <h1>灵犀助手 · 营业厅看板</h1>
        <span>
          {info?.name ?? hall} · {staffName}
        </span>
      </header>
      {problem ? (
        <p className="error" role="alert">
          {errorMessage(problem)}
        </p>
      ) : null}
      <div className="columns">
        <section>
          <h2>柜台 Counters</h2>
          <ul className="counters">
            {(info?.counters ?? []).map((c) => (
              <Counter key={c} counter={c} />
            ))}
          </ul>
        </section>
        <section>
          <h2>脉动预警 Warning orders（{warnings.length}）</h2>
          <table className="queue">
            <thead>
              <tr>
                <th>类型</th>
                <th>客户</th>
                <th>原因</th>
                <th>截止</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {warnings.map((w) => (
                <tr key={w.id} data-warning={w.id} className={known.has(w.id) ? 'arrived' : ''}>
                  <td>
                    {TYPE_ZH[w.typeCheck.believed] ?? w.typeCheck.believed} · {LEVEL_ZH[w.level] ?? w.level}
                    {w.flags.includes('TYPE_DISAGREES') ? (
                      <span className="flag" title={w.typeCheck.reason}>
                        {' '}
                        · 类型存疑
                      </span>
                    ) : null}
                  </td>
                  <td>{w.customer.name}</td>
                  <td>{w.parsed.reasons.join('；')}</td>
                  <td>{w.dueDate ?? '—'}</td>
                  <td>
                    {STATUS_ZH[w.status] ?? w.status}
                    {w.deliveredCounter ? ` · ${w.deliveredCounter}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
