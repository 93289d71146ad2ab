import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db/db.js';
import type { CatalogSnapshot } from './domain/catalog.js';
import { compileRules, emptyRules, type CompiledRules } from './domain/rules/compile.js';
import type { RunningExperiment } from './domain/experiment.js';
import { runningExperiments } from './experiments-store.js';
import { inForceVersions, ruleSet } from './rules-store.js';
import { currentCatalogVersion, loadSnapshot } from './versions-store.js';

/** What one request sees: a catalogue snapshot and the rules in force, never half of a change. */
export interface LiveState {
  catalog: CatalogSnapshot;
  rulesFor(city: string): CompiledRules;
  /** The city's running experiment, with its draft compiled; null when none runs. */
  experimentIn(city: string): (RunningExperiment & { candidate: CompiledRules }) | null;
}

/**
 * Keeps every running catalog instance on the newest catalogue and the rule sets in force. Each
 * refresh (the subgraph polls) reads three small heads (catalogue version, in-force rule versions, running experiments) and, when one moved,
 * builds the new state aside and swaps one reference: requests hold the state they started with.
 * Polling, not notifications, because effective dates make a rule set take force with no write.
 */
export class LiveCatalog {
  private state: LiveState | null = null;
  private signature = '';
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get current(): LiveState {
    if (!this.state) throw new Error('LiveCatalog read before its first refresh()');
    return this.state;
  }

  /**
   * Brings the state up to what the database holds when called. A load already under way may have
   * read the heads before the caller's write (a publish racing the poll), so it is followed by one
   * more, shared by everyone who asks meanwhile.
   */
  refresh(): Promise<void> {
    if (!this.running) return (this.running = this.load().finally(() => (this.running = null)));
    return (this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = null;
        return this.refresh();
      }));
  }

  private async load(): Promise<void> {
    const [catalogVersion, inForce, running] = await Promise.all([
      currentCatalogVersion(this.db),
      inForceVersions(this.db, this.clock.now()),
      runningExperiments(this.db),
    ]);
    const signature = `${catalogVersion}|${[...inForce]
      .sort()
      .map(([c, v]) => `${c}:${v}`)
      .join(',')}|${running.map((e) => `${e.id}:${e.candidateVersion}`).join(',')}`;
    if (signature === this.signature && this.state) return;
    const catalog = this.state?.catalog.version === catalogVersion ? this.state.catalog : await loadSnapshot(this.db);
    const compiled = new Map<string, CompiledRules>();
    for (const [city, version] of inForce) {
      const row = await ruleSet(this.db, city, version);
      if (row) compiled.set(city, compileRules({ version, city, effectiveFrom: row.effective_from!.toISOString(), document: row.document }, catalog));
    }
    const experiments = new Map<string, RunningExperiment & { candidate: CompiledRules }>();
    for (const e of running) {
      const row = await ruleSet(this.db, e.city, e.candidateVersion);
      if (row)
        experiments.set(e.city, {
          ...e,
          candidate: compileRules({ version: row.version, city: e.city, effectiveFrom: row.created_at.toISOString(), document: row.document }, catalog),
        });
    }
    const empty = new Map<string, CompiledRules>();
    this.state = {
      catalog,
      experimentIn: (city) => experiments.get(city) ?? null,
      rulesFor: (city) => {
        let rules = compiled.get(city) ?? empty.get(city);
        if (!rules) empty.set(city, (rules = emptyRules(city, catalog)));
        return rules;
      },
    };
    // The snapshot may be newer than the head read above; the next poll then simply reloads.
    this.signature = signature;
  }
}
