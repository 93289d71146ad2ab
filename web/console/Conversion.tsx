import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import type { ConversionDimension } from '../src/__generated__/graphql';
import { Chart } from '../src/Chart';
import { errorMessage, pct } from '../src/format';
import { ConversionQuery } from './operations';

const BY: Record<ConversionDimension, string> = { HALL: '营业厅', PACKAGE: '套餐', RULE: '规则', STAFF: '营业员', CITY: '地市' };
const day = (d: Date) => d.toISOString().slice(0, 10);

/** 推荐办理率 by hall, package, rule or clerk over a date range: a chart of the top rows and the whole table. */
export function Conversion() {
  const [by, setBy] = useState<ConversionDimension>('HALL');
  const [to, setTo] = useState(() => day(new Date()));
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 29 * 86_400_000)));
  const [result] = useQuery({ query: ConversionQuery, variables: { from, to, by } });
  const rows = useMemo(() => [...(result.data?.recommendationConversion ?? [])].sort((a, b) => b.shown - a.shown), [result.data]);
  const option = useMemo(() => {
    const top = rows.slice(0, 12);
    return {
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
      grid: { left: 48, right: 16, top: 28, bottom: 64 },
      xAxis: { type: 'category', data: top.map((r) => r.key), axisLabel: { rotate: 30, fontSize: 10 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => pct(v) } },
      series: [
        { name: '接受率', type: 'bar', data: top.map((r) => r.acceptanceRate), itemStyle: { color: '#2f6fde' } },
        { name: '推荐办理率', type: 'bar', data: top.map((r) => r.conversionRate), itemStyle: { color: '#1e8e3e' } },
      ],
    };
  }, [rows]);
  return (
    <section className="conversion">
      <h2>推荐办理率 Conversion</h2>
      <div className="actions">
        <label>
          从 <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          到 <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          按{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ConversionDimension)}>
            {(Object.keys(BY) as ConversionDimension[]).map((k) => (
              <option key={k} value={k}>
                {BY[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.error ? (
        <p className="error" role="alert">
          {errorMessage(result.error)}
        </p>
      ) : null}
      <Chart option={option} className="conversion-chart" label="推荐办理率图 Conversion chart" />
      <table className="queue">
        <thead>
          <tr>
            <th>{BY[by]}</th>
            <th>展示</th>
            <th>接受</th>
            <th>拒绝</th>
            <th>暂缓</th>
            <th>办理</th>
            <th>接受率</th>
            <th>推荐办理率</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.key}</td>
              <td>{r.shown}</td>
              <td>{r.accepted}</td>
              <td>{r.declined}</td>
              <td>{r.deferred}</td>
              <td>{r.ordered}</td>
              <td>{pct(r.acceptanceRate)}</td>
              <td>{pct(r.conversionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
