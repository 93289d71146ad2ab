import type { Db } from '../../lib/db/db.js';
import { appError, badUserInput, ErrorCode } from '../../lib/errors.js';
import { parseCatalogCsv, parseCatalogJson, type CatalogRows, type ImportProblem, type ImportResult } from './domain/import.js';
import { outOfScope } from './domain/import-scope.js';
import { parseRuleSet, type CatalogReferences } from './domain/rules/parse.js';
import type { Problem, RuleSetDocument, Selector } from './domain/rules/model.js';
import { insertRuleSet, liveAndScheduled, publishDraft, ruleSet, type RuleSetRow } from './rules-store.js';
import { liveRows, writeCatalogVersion, type CatalogVersionRow } from './versions-store.js';

/** The two things marketing changes — the catalogue and the rules — with validation first, always. */

export interface ImportInput {
  format: 'JSON' | 'CSV';
  json?: string | null;
  packagesCsv?: string | null;
  promotionsCsv?: string | null;
  note?: string | null;
}

/** Who imports: their staff id, their city, and whether they may change what other cities sell. */
export interface Importer {
  staffId: string;
  city: string;
  province: boolean;
}

export async function importCatalog(
  db: Db,
  input: ImportInput,
  importer: Importer,
  at: Date,
): Promise<{ version: CatalogVersionRow | null; problems: ImportProblem[] }> {
  let parsed: ImportResult;
  if (input.format === 'JSON') {
    if (!input.json) throw badUserInput('JSON 导入须提供 json / json is required for a JSON import', { field: 'input.json' });
    parsed = parseCatalogJson(input.json);
  } else {
    if (!input.packagesCsv) throw badUserInput('CSV 导入须提供 packagesCsv / packagesCsv is required for a CSV import', { field: 'input.packagesCsv' });
    parsed = parseCatalogCsv(input.packagesCsv, input.promotionsCsv ?? null);
  }
  if (!parsed.ok) return { version: null, problems: parsed.problems };
  return db.transaction(async (tx) => {
    let rows = parsed.rows;
    const current = await liveRows(tx);
    if (input.format === 'CSV' && !input.promotionsCsv) {
      rows = { ...rows, promotions: current.promotions, batches: current.batches, tiers: current.tiers, fees: current.fees, gifts: current.gifts };
    }
    // In the same transaction as the write: what is compared against is what is replaced.
    const scoped = importer.province ? [] : outOfScope(current, rows, importer.city);
    if (scoped.length > 0) return { version: null, problems: scoped };
    const problems = await rulesStillResolve(tx, rows, at);
    if (problems.length > 0) return { version: null, problems };
    const version = await writeCatalogVersion(tx, rows, {
      source: 'import',
      format: input.format === 'JSON' ? 'json' : 'csv',
      note: input.note?.trim() ?? '',
      by: importer.staffId,
      at,
    });
    return { version, problems: [] };
  });
}

/** A catalogue may not drop what a rule set in force (or scheduled) names. */
async function rulesStillResolve(db: Db, rows: CatalogRows, at: Date): Promise<ImportProblem[]> {
  const packages = new Set(rows.packages.map((p) => p.code));
  const promotions = new Set(rows.promotions.map((p) => p.code));
  const problems: ImportProblem[] = [];
  for (const set of await liveAndScheduled(db, at)) {
    for (const rule of set.document.rules) {
      for (const code of referencedPackages(rule)) {
        if (!packages.has(code))
          problems.push({
            line: null,
            record: `rule ${set.city} v${set.version} ${rule.id}`,
            field: null,
            message: `规则 ${rule.id}（${set.city} v${set.version}）引用的套餐 ${code} 不在新目录中 / a rule in force names a package this catalogue drops`,
          });
      }
      for (const code of referencedPromotions(rule)) {
        if (!promotions.has(code))
          problems.push({
            line: null,
            record: `rule ${set.city} v${set.version} ${rule.id}`,
            field: null,
            message: `规则 ${rule.id}（${set.city} v${set.version}）引用的营销活动 ${code} 不在新目录中 / a rule in force names a promotion this catalogue drops`,
          });
      }
    }
  }
  return problems;
}

function selectors(rule: RuleSetDocument['rules'][number]): Selector[] {
  switch (rule.kind) {
    case 'eligibility':
    case 'approval':
    case 'boost':
      return [rule.appliesTo];
    case 'exclusion':
      return [rule.appliesTo, ...(rule.conflictsWith ? [rule.conflictsWith] : [])];
    case 'renewal':
      return [rule.from];
    default:
      return [];
  }
}
const referencedPackages = (rule: RuleSetDocument['rules'][number]) => [
  ...selectors(rule).flatMap((s) => s.packages ?? []),
  ...(rule.kind === 'renewal' ? rule.offer : []),
];
const referencedPromotions = (rule: RuleSetDocument['rules'][number]) => selectors(rule).flatMap((s) => s.promotions ?? []);

export function catalogReferencesOf(rows: { packages: { code: string; status: string }[]; promotions: { code: string }[] }): CatalogReferences {
  return { packages: new Map(rows.packages.map((p) => [p.code, { online: p.status === 'ONLINE' }])), promotions: new Set(rows.promotions.map((p) => p.code)) };
}

export async function catalogReferences(db: Db): Promise<CatalogReferences> {
  const [packages, promotions] = await Promise.all([
    db.query<{ code: string; status: string }>(`SELECT code, status FROM catalog.package`),
    db.query<{ code: string }>(`SELECT code FROM catalog.promotion`),
  ]);
  return catalogReferencesOf({ packages, promotions });
}

export const MAX_RULE_YAML_BYTES = 1024 * 1024;

export async function validateRules(db: Db, yaml: string): Promise<{ document: RuleSetDocument | null; problems: Problem[] }> {
  if (Buffer.byteLength(yaml) > MAX_RULE_YAML_BYTES)
    return {
      document: null,
      problems: [{ path: '', line: null, column: null, message: `规则文档超过 ${MAX_RULE_YAML_BYTES / 1024} KB / the document is too large` }],
    };
  const result = parseRuleSet(yaml, await catalogReferences(db));
  return result.ok ? { document: result.document, problems: [] } : { document: null, problems: result.problems };
}

function invalid(problems: Problem[]) {
  return appError(ErrorCode.RULE_SET_INVALID, `规则集校验失败，共 ${problems.length} 个问题 / the rule set is invalid (${problems.length} problems)`, {
    problems,
  });
}

export async function saveDraft(db: Db, city: string, yaml: string, note: string, by: string, at: Date): Promise<RuleSetRow> {
  const { document, problems } = await validateRules(db, yaml);
  if (!document) throw invalid(problems);
  return insertRuleSet(db, { city, name: document.name, yaml, document, note, by, at });
}

export async function publish(
  db: Db,
  city: string,
  input: { draftVersion?: number | null; yaml?: string | null; effectiveFrom: Date; note: string },
  by: string,
  at: Date,
): Promise<RuleSetRow> {
  if ((input.draftVersion == null) === (input.yaml == null))
    throw badUserInput('须且只能给出 draftVersion 或 yaml 之一 / give exactly one of draftVersion and yaml', { field: 'input' });
  if (input.yaml != null) {
    const { document, problems } = await validateRules(db, input.yaml);
    if (!document) throw invalid(problems);
    return insertRuleSet(db, { city, name: document.name, yaml: input.yaml, document, note: input.note, by, at, effectiveFrom: input.effectiveFrom });
  }
  const draft = await ruleSet(db, city, input.draftVersion!);
  if (!draft) throw appError(ErrorCode.NOT_FOUND, `本地市没有规则集版本 ${input.draftVersion} / no such rule set version`, { field: 'input.draftVersion' });
  if (draft.status !== 'DRAFT')
    throw appError(ErrorCode.CONFLICT, `版本 ${draft.version} 已发布，不能再次发布 / version ${draft.version} is already published`, {
      field: 'input.draftVersion',
    });
  // The catalogue may have changed since the draft was saved: validate again against today's.
  const { problems } = await validateRules(db, draft.source_yaml);
  if (problems.length > 0) throw invalid(problems);
  const row = await publishDraft(db, city, draft.version, by, at, input.effectiveFrom);
  if (!row) throw appError(ErrorCode.CONFLICT, `版本 ${draft.version} 已被他人发布 / version ${draft.version} was published meanwhile`);
  return row;
}
