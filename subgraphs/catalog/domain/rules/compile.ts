import type { CatalogSnapshot } from '../catalog.js';
import { selects } from './evaluate.js';
import {
  type ApprovalRule,
  type BoostRule,
  type CategoryRule,
  DEFAULT_EXPLORATION,
  type DowngradeRule,
  type EligibilityRule,
  type ExclusionRule,
  type Exploration,
  type RenewalRule,
  type Rule,
  type RuleSetDocument,
} from './model.js';

/** A published rule set, as running instances hold it. */
export interface RuleSetVersion {
  version: number;
  city: string;
  effectiveFrom: string;
  document: RuleSetDocument;
}

/** Rules that name a package, found once per (rule set, catalogue) so a request only walks its own. */
export interface PackageRules {
  eligibility: EligibilityRule[];
  exclusion: ExclusionRule[];
  boost: BoostRule[];
  approval: ApprovalRule[];
}

export interface CompiledRules {
  version: number;
  city: string;
  name: string;
  catalogVersion: number;
  rules: readonly Rule[];
  byId: ReadonlyMap<string, Rule>;
  perPackage: ReadonlyMap<string, PackageRules>;
  category: readonly CategoryRule[];
  renewal: readonly RenewalRule[];
  downgrade: readonly DowngradeRule[];
  /** Exclusions with a conflictsWith selector: checked against what the customer holds and the list so far. */
  conflicts: readonly ExclusionRule[];
  /** Marketing's limits on exploration (the defaults when the document sets none). */
  exploration: Exploration;
}

const NONE: PackageRules = Object.freeze({ eligibility: [], exclusion: [], boost: [], approval: [] }) as PackageRules;

export function compileRules(set: RuleSetVersion, catalog: CatalogSnapshot): CompiledRules {
  const rules = set.document.rules;
  const perPackage = new Map<string, PackageRules>();
  for (const p of catalog.packages.values()) {
    let entry: PackageRules | null = null;
    for (const rule of rules) {
      if (rule.kind !== 'eligibility' && rule.kind !== 'exclusion' && rule.kind !== 'boost' && rule.kind !== 'approval') continue;
      if (!selects(rule.appliesTo, p)) continue;
      entry ??= { eligibility: [], exclusion: [], boost: [], approval: [] };
      (entry[rule.kind] as Rule[]).push(rule);
    }
    perPackage.set(p.code, entry ?? NONE);
  }
  return {
    version: set.version,
    city: set.city,
    name: set.document.name,
    catalogVersion: catalog.version,
    rules,
    byId: new Map(rules.map((r) => [r.id, r])),
    perPackage,
    category: rules.filter((r): r is CategoryRule => r.kind === 'category'),
    renewal: rules.filter((r): r is RenewalRule => r.kind === 'renewal'),
    downgrade: rules.filter((r): r is DowngradeRule => r.kind === 'downgrade'),
    conflicts: rules.filter((r): r is ExclusionRule => r.kind === 'exclusion' && r.conflictsWith !== undefined),
    exploration: set.document.exploration ?? DEFAULT_EXPLORATION,
  };
}

/** No rule set published yet for a city: only the catalogue's own limits apply. */
export function emptyRules(city: string, catalog: CatalogSnapshot): CompiledRules {
  return compileRules({ version: 0, city, effectiveFrom: '1970-01-01T00:00:00.000Z', document: { name: '（未发布规则）', rules: [] } }, catalog);
}
