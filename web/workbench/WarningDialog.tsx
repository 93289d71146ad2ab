import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import type { CustomerPictureFragment } from '../src/__generated__/graphql';
import { AcknowledgeMutation } from './operations';

type Warning = CustomerPictureFragment['warningOrders'][number];

const TYPE_ZH: Record<string, string> = {
  CHURN: '离网',
  COMPLAINT: '投诉',
  DOWNGRADE: '降档',
  ARREARS: '欠费',
  CONTRACT_EXPIRY: '合约到期',
  PORT_OUT: '携号转网',
  NETWORK_QUALITY: '网络质量',
  UNKNOWN: '其他',
};
const LEVEL_ZH: Record<string, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };

/**
 * 脉动 warnings the clerk has not acknowledged pop up at once, most urgent first, with what the
 * parser read from them; the clerk acknowledges each from the dialog.
 */
export function WarningDialog({ warnings }: { warnings: Warning[] }) {
  // Acknowledged here: the graph said so, whatever the picture pushed earlier still says.
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const open = warnings.filter((w) => (w.status === 'NEW' || w.status === 'DELIVERED') && !done.has(w.id));
  const dialog = useRef<HTMLDialogElement>(null);
  const [ack, acknowledge] = useMutation(AcknowledgeMutation);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open.length > 0 && !d.open) d.showModal();
    if (open.length === 0 && d.open) d.close();
  }, [open.length]);
  const w = open[0];
  return (
    <dialog ref={dialog} className="warning" aria-labelledby="warning-title">
      {w ? (
        <>
          <h2 id="warning-title">
            脉动预警 · {TYPE_ZH[w.type] ?? w.type} · {LEVEL_ZH[w.level] ?? w.level}级{open.length > 1 ? `（另有 ${open.length - 1} 条）` : ''}
          </h2>
          {w.parsed.reasons.length > 0 ? (
            <>
              <h3>原因 Reasons</h3>
              <ul>
                {w.parsed.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          ) : null}
          {w.parsed.figures.length > 0 ? (
            <dl className="figures">
              {w.parsed.figures.map((f) => (
                <div key={f.name}>
                  <dt>{f.name}</dt>
                  <dd>
                    {f.value}
                    {f.unit}
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          {w.parsed.actions.length > 0 ? (
            <>
              <h3>建议 Suggested actions</h3>
              <ol>
                {w.parsed.actions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ol>
            </>
          ) : null}
          <p className="due">请于 {w.parsed.dueDate ?? w.dueDate ?? '—'} 前完成</p>
          {w.parsed.status !== 'PARSED' ? <p className="raw">原文：{w.content}</p> : null}
          {ack.error ? <p className="error">{ack.error.graphQLErrors[0]?.message ?? ack.error.message}</p> : null}
          <button
            type="button"
            disabled={ack.fetching}
            onClick={() => void acknowledge({ id: w.id }).then((r) => r.data && setDone((d) => new Set(d).add(w.id)))}
          >
            知道了 Acknowledge
          </button>
        </>
      ) : null}
    </dialog>
  );
}
