import { useEffect, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import type { ConsoleValidateRuleSetQuery } from '../src/__generated__/graphql';
import { errorMessage } from '../src/format';
import { PreviewQuery, PublishMutation, RuleSetInForceQuery, SaveDraftMutation, ValidateQuery } from './operations';

type Problem = ConsoleValidateRuleSetQuery['validateRuleSet']['problems'][number];

/** The YAML with its line numbers, each line with a problem marked and its messages beside it. */
function Lines({ yaml, problems }: { yaml: string; problems: Problem[] }) {
  const at = new Map<number, string[]>();
  for (const p of problems) if (p.line != null) at.set(p.line, [...(at.get(p.line) ?? []), `${p.path ? `${p.path}：` : ''}${p.message}`]);
  return (
    <ol className="yaml-lines" aria-label="校验结果 Problems by line">
      {yaml.split('\n').map((text, i) => {
        const line = i + 1;
        const here = at.get(line);
        return here ? (
          <li key={line} value={line} className="problem-line" data-line={line}>
            <code>{text || ' '}</code>
            {here.map((m) => (
              <span key={m} className="problem">
                ⚠ {m}
              </span>
            ))}
          </li>
        ) : null;
      })}
    </ol>
  );
}

/** Rule sets: edit the YAML, see every problem at its line, preview a draft against the rules in force, publish. */
export function RuleSets() {
  const client = useClient();
  const [inForce] = useQuery({ query: RuleSetInForceQuery });
  const [yaml, setYaml] = useState('');
  useEffect(() => {
    if (inForce.data?.ruleSet && !yaml) setYaml(inForce.data.ruleSet.yaml);
  }, [inForce.data, yaml]);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [saved, save] = useMutation(SaveDraftMutation);
  const [published, publish] = useMutation(PublishMutation);
  const [numbers, setNumbers] = useState('');
  const [preview, setPreview] = useState<{ name: string; current: string[]; candidate: string[]; added: string[] }[]>([]);

  const validate = async () => {
    const r = await client.query(ValidateQuery, { yaml }, { requestPolicy: 'network-only' }).toPromise();
    setProblems(r.data?.validateRuleSet.problems ?? []);
  };
  const draft = saved.data?.saveRuleSetDraft;
  const runPreview = async () => {
    if (!draft) return;
    const out = [];
    for (const msisdn of numbers.split(/[\s,，]+/).filter(Boolean)) {
      const r = await client.query(PreviewQuery, { msisdn, version: draft.version }, { requestPolicy: 'network-only' }).toPromise();
      const p = r.data?.customer?.recommendationPreview;
      if (p && r.data?.customer)
        out.push({
          name: r.data.customer.name,
          current: p.current.map((c) => c.package.name),
          candidate: p.candidate.map((c) => c.package.name),
          added: p.added,
        });
    }
    setPreview(out);
  };
  const refused = saved.error ?? published.error;
  return (
    <section className="rulesets">
      <h2>
        营销规则集 Rule sets
        {inForce.data?.ruleSet ? (
          <span className="muted">
            {' '}
            当前生效：v{inForce.data.ruleSet.version} {inForce.data.ruleSet.name}
          </span>
        ) : null}
      </h2>
      <textarea
        className="yaml"
        aria-label="规则集 YAML"
        spellCheck={false}
        value={yaml}
        onChange={(e) => {
          setYaml(e.target.value);
          setProblems(null);
        }}
        rows={18}
      />
      <div className="actions">
        <button type="button" onClick={() => void validate()}>
          校验 Validate
        </button>
        <button type="button" className="primary" onClick={() => void save({ input: { yaml } })}>
          保存草稿 Save draft
        </button>
        {draft ? (
          <button type="button" className="primary" disabled={published.fetching} onClick={() => void publish({ input: { draftVersion: draft.version } })}>
            发布 v{draft.version} Publish
          </button>
        ) : null}
      </div>
      {problems ? (
        problems.length === 0 ? (
          <p className="ok" role="status">
            校验通过 Valid
          </p>
        ) : (
          <>
            <p className="error" role="alert">
              {problems.length} 个问题 problems
            </p>
            <Lines yaml={yaml} problems={problems} />
          </>
        )
      ) : null}
      {refused ? (
        <p className="error" role="alert">
          {errorMessage(refused)}
        </p>
      ) : null}
      {draft ? <p role="status">已保存草稿 v{draft.version}</p> : null}
      {published.data ? <p role="status">已发布 v{published.data.publishRuleSet.version}</p> : null}
      {draft ? (
        <div className="preview">
          <h3>草稿预览 Preview against the rules in force</h3>
          <input
            aria-label="样本客户手机号 Sample numbers"
            placeholder="样本客户手机号，逗号分隔"
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
          />
          <button type="button" onClick={() => void runPreview()}>
            预览 Preview
          </button>
          <table>
            <thead>
              <tr>
                <th>客户</th>
                <th>当前规则</th>
                <th>草稿 v{draft.version}</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((p) => (
                <tr key={p.name}>
                  <td>{p.name}</td>
                  <td>{p.current.join('、')}</td>
                  <td>{p.candidate.join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
