import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import type { CustomerPictureFragment, WarningOutcome } from '../src/__generated__/graphql';
import { errorMessage } from '../src/format';
import { WARNING_LEVEL_ZH as LEVEL_ZH, WARNING_TYPE_ZH as TYPE_ZH } from '../src/labels';
import { AcknowledgeMutation, HandleWarningMutation } from './operations';

type Warning = CustomerPictureFragment['warningOrders'][number];

const OUTCOME_ZH: Record<WarningOutcome, string> = {
  RETAINED: '挽留成功',
  UPGRADED: '升档/办理新业务',
  RESOLVED: '问题已解决',
  LOST: '客户仍离网/降档',
  UNREACHABLE: '联系不上',
  OTHER: '其他',
};

/**
 * 脉动 warnings: those not yet acknowledged pop up at once, most urgent first, with what the parser
 * read from them. The clerk acknowledges each from the dialog, and records how it was handled
 * there too — at once, or later from the picture's warning button.
 */
export function WarningDialog({ warnings }: { warnings: Warning[] }) {
  // What the graph confirmed here, whatever the picture pushed earlier still says.
  const [status, setStatus] = useState<ReadonlyMap<string, string>>(new Map());
  const [later, setLater] = useState(false);
  const statusOf = (w: Warning) => status.get(w.id) ?? w.status;
  const unread = warnings.filter((w) => statusOf(w) === 'NEW' || statusOf(w) === 'DELIVERED');
  const open = warnings.filter((w) => statusOf(w) !== 'HANDLED' && statusOf(w) !== 'EXPIRED');
  const showing = unread.length > 0 || (open.length > 0 && !later);
  const dialog = useRef<HTMLDialogElement>(null);
  const [ack, acknowledge] = useMutation(AcknowledgeMutation);
  const [handled, handle] = useMutation(HandleWarningMutation);
  const [outcome, setOutcome] = useState<WarningOutcome>('RETAINED');
  const [note, setNote] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (showing && !d.open) d.showModal();
    if (!showing && d.open) d.close();
  }, [showing]);
  const w = unread[0] ?? open[0];
  const mark = (id: string, s: string) => setStatus((m) => new Map(m).set(id, s));
  const refused = ack.error ?? handled.error;
  return (
    <>
      {open.length > 0 && !showing ? (
        <button type="button" className="warning-button" onClick={() => setLater(false)}>
          预警 {open.length} 条待处理 Warnings
        </button>
      ) : null}
      <dialog ref={dialog} className="warning" aria-labelledby="warning-title" onCancel={() => setLater(true)}>
        {w ? (
          <>
            <h2 id="warning-title">
              脉动预警 · {TYPE_ZH[w.typeCheck.believed] ?? w.typeCheck.believed} · {LEVEL_ZH[w.level] ?? w.level}级
              {open.length > 1 ? `（共 ${open.length} 条）` : ''}
            </h2>
            {w.flags.includes('TYPE_DISAGREES') ? (
              <p className="flag" role="note">
                类型存疑 Type in doubt：{w.typeCheck.reason}
              </p>
            ) : null}
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
            {w.parsed.status !== 'PARSED' || w.flags.length > 0 ? <p className="raw">原文：{w.content}</p> : null}
            {refused ? <p className="error">{errorMessage(refused)}</p> : null}
            {statusOf(w) === 'NEW' || statusOf(w) === 'DELIVERED' ? (
              <button type="button" disabled={ack.fetching} onClick={() => void acknowledge({ id: w.id }).then((r) => r.data && mark(w.id, 'ACKNOWLEDGED'))}>
                知道了 Acknowledge
              </button>
            ) : (
              <form
                className="outcome"
                onSubmit={(e) => {
                  e.preventDefault();
                  void handle({ id: w.id, outcome, note: note.trim() || null }).then((r) => {
                    if (!r.data) return;
                    mark(w.id, 'HANDLED');
                    setNote('');
                  });
                }}
              >
                <label>
                  处理结果 Outcome{' '}
                  <select value={outcome} onChange={(e) => setOutcome(e.target.value as WarningOutcome)}>
                    {(Object.keys(OUTCOME_ZH) as WarningOutcome[]).map((o) => (
                      <option key={o} value={o}>
                        {OUTCOME_ZH[o]}
                      </option>
                    ))}
                  </select>
                </label>
                <input aria-label="备注 Note" placeholder="备注（可选）" value={note} onChange={(e) => setNote(e.target.value)} />
                <button type="submit" disabled={handled.fetching}>
                  登记结果 Record
                </button>
                <button type="button" onClick={() => setLater(true)}>
                  稍后 Later
                </button>
              </form>
            )}
          </>
        ) : null}
      </dialog>
    </>
  );
}
