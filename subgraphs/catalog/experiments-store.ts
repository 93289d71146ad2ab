import { randomUUID } from 'node:crypto';
import type { Db } from '../../lib/db/db.js';
import { appError, badUserInput, ErrorCode } from '../../lib/errors.js';
import { publish } from './admin.js';
import type { Arm, RunningExperiment, Split } from './domain/experiment.js';
import { ruleSet } from './rules-store.js';

export interface ExperimentRow {
  id: string;
  city: string;
  name: string;
  candidate_version: number;
  split: Split;
  share: number;
  status: 'RUNNING' | 'PROMOTED' | 'STOPPED';
  started_by: string;
  started_at: Date;
  ended_by: string | null;
  ended_at: Date | null;
}

export interface ArmCounts {
  arm: Arm;
  versions: number[];
  shown: number;
  accepted: number;
  ordered: number;
}

const notFound = (id: string) => appError(ErrorCode.NOT_FOUND, `本地市没有实验 ${id} / no such experiment`, { field: 'id' });

/** Starts an experiment of a draft of the city; one runs per city at a time. */
export async function startExperiment(
  db: Db,
  city: string,
  input: { draftVersion: number; share: number; split: Split; name: string },
  by: string,
  at: Date,
): Promise<ExperimentRow> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw badUserInput('实验名称须为1到100个字符 / the name must be 1..100 characters', { field: 'input.name' });
  if (!(input.share > 0 && input.share < 1))
    throw badUserInput('share 须在 0 与 1 之间（不含） / share must be strictly between 0 and 1', { field: 'input.share' });
  const draft = await ruleSet(db, city, input.draftVersion);
  if (!draft) throw appError(ErrorCode.NOT_FOUND, `本地市没有规则集版本 ${input.draftVersion} / no such rule set version`, { field: 'input.draftVersion' });
  if (draft.status !== 'DRAFT')
    throw appError(ErrorCode.CONFLICT, `版本 ${draft.version} 已发布，实验只比较草稿 / only a draft can be tried`, { field: 'input.draftVersion' });
  const rows = await db.query<ExperimentRow>(
    `INSERT INTO catalog.rule_experiment (id, city, name, candidate_version, split, share, status, started_by, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'RUNNING', $7, $8) ON CONFLICT (city) WHERE status = 'RUNNING' DO NOTHING RETURNING *`,
    [`EXP${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`, city, name, draft.version, input.split, input.share, by, at],
  );
  if (!rows[0]) throw appError(ErrorCode.CONFLICT, '本地市已有运行中的实验，请先推广或停止 / an experiment is already running in the city');
  return rows[0];
}

/** Ends a running experiment: promoted (its draft published, in the same transaction) or stopped. */
export async function endExperiment(db: Db, city: string, id: string, how: 'PROMOTED' | 'STOPPED', by: string, at: Date): Promise<ExperimentRow> {
  return db.transaction(async (tx) => {
    const [e] = await tx.query<ExperimentRow>(`SELECT * FROM catalog.rule_experiment WHERE id = $1 AND city = $2 FOR UPDATE`, [id, city]);
    if (!e) throw notFound(id);
    if (e.status !== 'RUNNING') throw appError(ErrorCode.CONFLICT, `实验已结束（${e.status}） / the experiment has ended`, { status: e.status });
    if (how === 'PROMOTED') await publish(tx, city, { draftVersion: e.candidate_version, effectiveFrom: at, note: `实验 ${e.name}（${e.id}）推广` }, by, at);
    const [row] = await tx.query<ExperimentRow>(
      `UPDATE catalog.rule_experiment SET status = $3, ended_by = $4, ended_at = $5 WHERE id = $1 AND city = $2 RETURNING *`,
      [id, city, how, by, at],
    );
    return row;
  });
}

export async function experiments(db: Db, city: string, first: number): Promise<ExperimentRow[]> {
  return db.query<ExperimentRow>(`SELECT * FROM catalog.rule_experiment WHERE city = $1 ORDER BY started_at DESC, id LIMIT $2`, [city, first]);
}

/** Every city's running experiment, for the live state. */
export async function runningExperiments(db: Db): Promise<(RunningExperiment & { city: string })[]> {
  const rows = await db.query<ExperimentRow>(`SELECT * FROM catalog.rule_experiment WHERE status = 'RUNNING' ORDER BY city`);
  return rows.map((r) => ({ id: r.id, city: r.city, split: r.split, share: r.share, candidateVersion: r.candidate_version }));
}

/** Cards shown per arm, and of those how many were accepted (or ordered) and ordered. */
export async function armCounts(db: Db, city: string, ids: readonly string[]): Promise<Map<string, ArmCounts[]>> {
  const rows = await db.query<{ experiment_id: string; arm: Arm; versions: number[]; shown: number; accepted: number; ordered: number }>(
    `SELECT experiment_id, arm, array_agg(DISTINCT rule_set_version ORDER BY rule_set_version) AS versions,
            count(*) FILTER (WHERE shown)::int AS shown,
            count(*) FILTER (WHERE shown AND (accepted OR ordered))::int AS accepted,
            count(*) FILTER (WHERE shown AND ordered)::int AS ordered
       FROM (SELECT experiment_id, arm, card_id, min(rule_set_version) AS rule_set_version,
                    bool_or(outcome = 'SHOWN') AS shown, bool_or(outcome = 'ACCEPTED') AS accepted, bool_or(outcome = 'ORDERED') AS ordered
               FROM catalog.recommendation_event
              WHERE city = $1 AND experiment_id = ANY($2::text[])
              GROUP BY experiment_id, arm, card_id) per_card
      GROUP BY experiment_id, arm`,
    [city, ids],
  );
  const out = new Map<string, ArmCounts[]>();
  for (const r of rows) {
    const list = out.get(r.experiment_id) ?? [];
    list.push({ arm: r.arm, versions: r.versions, shown: r.shown, accepted: r.accepted, ordered: r.ordered });
    out.set(r.experiment_id, list);
  }
  return out;
}
