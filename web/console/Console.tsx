import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { errorMessage } from '../src/format';
import { Conversion } from './Conversion';
import { Experiments } from './Experiments';
import { DecideMutation, DeclarationQueueQuery, DeclarationsFiledSubscription } from './operations';
import { RuleSets } from './RuleSets';

/** A safety net only: new declarations arrive live; this catches what a dropped connection missed. */
const REFRESH_MS = 30_000;

/** One declaration to decide: approve or reject, always with a reason. */
function Decision({ id }: { id: string }) {
  const [reason, setReason] = useState('');
  const [decided, decide] = useMutation(DecideMutation);
  const go = (approve: boolean) => void decide({ input: { declarationId: id, approve, reason: reason.trim() } });
  return (
    <div className="decision">
      <input aria-label="审批意见 Reason" placeholder="审批意见（必填）" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="button" className="primary" disabled={!reason.trim() || decided.fetching} onClick={() => go(true)}>
        批准 Approve
      </button>
      <button type="button" disabled={!reason.trim() || decided.fetching} onClick={() => go(false)}>
        驳回 Reject
      </button>
      {decided.error ? (
        <span className="error" role="alert">
          {errorMessage(decided.error)}
        </span>
      ) : null}
    </div>
  );
}

const TABS = { queue: '申报审核', rules: '规则集', conversion: '推荐办理率', experiments: '规则实验' } as const;

/** The marketing console: declarations to review, rule sets, and conversion. */
export function Console({ staffName }: { staffName: string }) {
  const [tab, setTab] = useState<keyof typeof TABS>('queue');
  return (
    <div className="console">
      <header className="bar">
        <h1>灵犀助手 · 市场部控制台</h1>
        <span>{staffName}</span>
        <nav className="tabs" aria-label="功能 Sections">
          {(Object.keys(TABS) as (keyof typeof TABS)[]).map((k) => (
            <button key={k} type="button" aria-pressed={tab === k} onClick={() => setTab(k)}>
              {TABS[k]}
            </button>
          ))}
        </nav>
      </header>
      {tab === 'queue' ? <Queue /> : tab === 'rules' ? <RuleSets /> : tab === 'conversion' ? <Conversion /> : <Experiments />}
    </div>
  );
}

/** The city's declaration review queue, overdue ones marked. */
function Queue() {
  const [queue, refresh] = useQuery({ query: DeclarationQueueQuery, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    const timer = setInterval(() => refresh({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  // A clerk filed a declaration: the queue is read again at once.
  const [filed] = useSubscription({ query: DeclarationsFiledSubscription });
  const latest = filed.data?.declarationsFiled.id;
  useEffect(() => {
    if (latest) refresh({ requestPolicy: 'network-only' });
  }, [latest, refresh]);
  const rows = (queue.data?.declarationQueue ?? []).filter((d) => d.status === 'PENDING');
  return (
    <section>
      <h2>目标用户申报审核 Declarations to review（{rows.length}）</h2>
      {queue.error ? (
        <p className="error" role="alert">
          {errorMessage(queue.error)}
        </p>
      ) : null}
      <table className="queue">
        <thead>
          <tr>
            <th>申报时间</th>
            <th>客户</th>
            <th>套餐</th>
            <th>营业厅 / 申报人</th>
            <th>理由</th>
            <th>审批</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-declaration={d.id} className={d.overdue ? 'overdue' : ''}>
              <td>
                {new Date(d.declaredAt).toLocaleString('zh-CN', { hour12: false })}
                {d.overdue ? <span className="badge badge-overdue">已超时</span> : null}
              </td>
              <td>
                {d.customer.name}（{d.customer.segment}，ARPU ¥{d.customer.arpu}，在网 {d.customer.tenureMonths} 个月）
              </td>
              <td>
                {d.packageCode}
                {d.tierCode ? ` · ${d.tierCode}` : ''}
              </td>
              <td>
                {d.hallCode ?? '—'} / {d.declaredBy}
              </td>
              <td>{d.reason}</td>
              <td>
                <Decision id={d.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && queue.data ? <p className="waiting">暂无待审批申报 Nothing to review</p> : null}
    </section>
  );
}
