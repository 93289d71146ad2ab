import { useMutation, useQuery } from 'urql';
import { errorMessage, pct } from '../src/format';
import { ExperimentsQuery, PromoteExperimentMutation, StopExperimentMutation } from './operations';

const ARM_ZH: Record<string, string> = { CONTROL: '当前规则', CANDIDATE: '草稿' };
const STATUS_ZH: Record<string, string> = { RUNNING: '运行中', PROMOTED: '已推广', STOPPED: '已停止' };

/** Rule-set experiments: each arm's acceptance and orders with their 95% intervals; promote or stop a running one. */
export function Experiments() {
  const [list, reread] = useQuery({ query: ExperimentsQuery, requestPolicy: 'cache-and-network' });
  const [promoted, promote] = useMutation(PromoteExperimentMutation);
  const [stopped, stop] = useMutation(StopExperimentMutation);
  const after = () => reread({ requestPolicy: 'network-only' });
  const refused = promoted.error ?? stopped.error ?? list.error;
  return (
    <section className="experiments">
      <h2>规则实验 Experiments</h2>
      {refused ? (
        <p className="error" role="alert">
          {errorMessage(refused)}
        </p>
      ) : null}
      {(list.data?.ruleSetExperiments ?? []).map((e) => (
        <div key={e.id} className="experiment" data-experiment={e.id}>
          <h3>
            {e.name} · 草稿 v{e.candidateVersion} · {e.split === 'HALL' ? '按营业厅' : '按客户'}分流 {pct(e.share)} · {STATUS_ZH[e.status] ?? e.status}
          </h3>
          <table className="queue">
            <thead>
              <tr>
                <th>组</th>
                <th>展示</th>
                <th>接受</th>
                <th>接受率（95% 区间）</th>
                <th>办理</th>
                <th>推荐办理率（95% 区间）</th>
              </tr>
            </thead>
            <tbody>
              {e.arms.map((a) => (
                <tr key={a.arm} data-arm={a.arm}>
                  <td>
                    {ARM_ZH[a.arm]}
                    {a.ruleSetVersions.length ? `（v${a.ruleSetVersions.join('、v')}）` : ''}
                  </td>
                  <td>{a.shown}</td>
                  <td>{a.accepted}</td>
                  <td>
                    {pct(a.acceptanceRate)}（{pct(a.acceptanceInterval.low)}–{pct(a.acceptanceInterval.high)}）
                  </td>
                  <td>{a.ordered}</td>
                  <td>
                    {pct(a.orderRate)}（{pct(a.orderInterval.low)}–{pct(a.orderInterval.high)}）
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {e.status === 'RUNNING' ? (
            <div className="actions">
              <button type="button" className="primary" disabled={promoted.fetching} onClick={() => void promote({ id: e.id }).then(after)}>
                推广草稿 Promote
              </button>
              <button type="button" disabled={stopped.fetching} onClick={() => void stop({ id: e.id }).then(after)}>
                停止 Stop
              </button>
            </div>
          ) : null}
        </div>
      ))}
      {list.data && list.data.ruleSetExperiments.length === 0 ? <p className="waiting">暂无实验 No experiments yet</p> : null}
    </section>
  );
}
