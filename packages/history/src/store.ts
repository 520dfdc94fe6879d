/**
 * The history database: SQLite through node:sqlite, one file (default
 * `<report-dir>/history.db`). WAL, so a run reading it never waits for
 * another run writing, and a busy timeout, so two runs recording at once take
 * turns instead of failing. Every write of a run is one transaction: a crash
 * never leaves half a run. Runs beyond `keep` are pruned with their findings,
 * observations and generation coverage in the same transaction.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from "node:sqlite";
import { findingTargets, type TargetIdentity } from "@impersonation-registry/engine";
import type { Severity } from "@impersonation-registry/findings";
import { MIGRATIONS } from "./migrations.ts";
import type { EarlierRun } from "./rules.ts";
import type { AnnotatedFinding, CoverageCell, FindingPlace, Observation, ObservedShape } from "./types.ts";

export type HistoryErrorCode = "history-unreadable" | "history-newer" | "history-write";

/** A history that cannot be used: a run warns and goes on without it; the `history` command exits 2. */
export class HistoryError extends Error {
  readonly code: HistoryErrorCode;
  constructor(code: HistoryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HistoryError";
    this.code = code;
  }
}

/** A run as the history lists it. */
export interface StoredRun {
  seq: number;
  runId: string;
  startedAt: string;
  finishedAt: string;
  specHash: string;
  /** The run's targets, in its order. */
  targets: string[];
  /** Their series keys (target identities), in the same order; a legacy run's are its target names. */
  series: string[];
  scenarios: string[];
  exitCode: number;
  /** The run's generation seed (`--seed` replays it); absent when nothing was generated. */
  seed?: number;
  counts: Record<Severity, number> & { accepted: number };
  new: number;
  resolved: number;
}

/** A finding as the history keeps it: `target` is its series key (a pair of them for comparisons). */
export interface StoredFinding extends FindingPlace {
  runSeq: number;
  runId: string;
  fingerprint: string;
  severity: Severity;
  accepted: boolean;
  /** Every step that showed it. */
  occurrences: { scenario: string; step: string }[];
  /** False for an open finding the run could not see (its steps were not run): carried, not seen. */
  checked: boolean;
}

/** A series of runs: one target identity. */
export interface StoredSeries extends Omit<TargetIdentity, "account"> {
  account: string | undefined;
  /** Recorded before target identities: the target's name only. */
  legacy: boolean;
  runs: number;
  lastRunId: string | undefined;
}

/** What a run hands the history once its report is final: every target given as its series. */
export interface RecordedRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  specHash: string;
  /** The targets' names, in the run's order (what `history` shows). */
  targets: readonly string[];
  /** Their identities, in the same order. */
  series: readonly TargetIdentity[];
  scenarios: readonly string[];
  exitCode: number;
  seed?: number;
  /** This run's findings, `target` being the series key (or a pair of them). */
  findings: readonly AnnotatedFinding[];
  /** Open findings of the series this run could not see: kept open, unchecked. */
  carried: readonly StoredFinding[];
  /** Generation seeds per series (key): failed ones are kept for later runs, passed ones forgotten. */
  seeds?: readonly { series: string; seed: number; failed: boolean }[];
  /** Generation coverage per series (key): every cell, exercised (requests > 0) or not. */
  coverage?: readonly (CoverageCell & { series: string })[];
  resolved: number;
}

export interface FingerprintStats {
  /** Runs it was seen in. */
  runs: number;
  firstSeen: { runId: string; at: string };
}

/** What a run's row counts of its findings: per severity (accepted ones included), accepted, new. */
export function tallyFindings(findings: readonly AnnotatedFinding[]): {
  counts: Record<Severity, number>;
  accepted: number;
  new: number;
} {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return {
    counts: { breaking: count("breaking"), additive: count("additive"), info: count("info") },
    accepted: findings.filter((f) => f.accepted).length,
    new: findings.filter((f) => f.new).length,
  };
}

const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** Create the file (and its directory) when it does not exist; otherwise return undefined. */
  create: boolean;
  busyTimeoutMs?: number;
}

type Row = Record<string, SQLInputValue>;

export class HistoryStore {
  readonly path: string;
  readonly #db: DatabaseSync;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
  }

  /** Opens the history at `path` and brings its schema up to date; undefined when absent and not created. */
  static open(path: string, options: OpenOptions): HistoryStore | undefined {
    if (!options.create && !existsSync(path)) return undefined;
    let db: DatabaseSync | undefined;
    try {
      if (options.create) mkdirSync(dirname(path), { recursive: true });
      db = new DatabaseSync(path);
      // The busy timeout first: switching to WAL needs a lock another process may hold.
      db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
      // Reading the version reads the header: a file that is not a database, or of a newer
      // schema, is refused here, before switching to WAL would write to it.
      checkVersion(db);
      // WAL is a property of the file: switch only a file not in WAL yet (new, or from before). A
      // switch needs the file to itself, so a run opening a history another run is using skips it.
      const { journal_mode: mode } = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
      if (mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      migrate(db);
      return new HistoryStore(path, db);
    } catch (error) {
      db?.close();
      const code = error instanceof HistoryError ? error.code : "history-unreadable";
      throw new HistoryError(code, `history ${path} cannot be read: ${reason(error)}`, { cause: error });
    }
  }

  close(): void {
    this.#db.close();
  }

  /** Runs, oldest first: the last `limit` when given, and only those of one of the series `targets` (keys). */
  runs(options: { limit?: number; targets?: readonly string[] } = {}): StoredRun[] {
    const filter = options.targets?.length
      ? "WHERE seq IN (SELECT run_seq FROM run_targets WHERE target IN (SELECT value FROM json_each(:targets)))"
      : "";
    const rows = this.#db
      .prepare(`SELECT * FROM runs ${filter} ORDER BY seq DESC LIMIT :limit`)
      .all({ limit: options.limit ?? -1, ...(filter && { targets: JSON.stringify(options.targets) }) });
    return rows.reverse().map((row) => ({
      seq: Number(row.seq),
      runId: String(row.id),
      startedAt: String(row.started_at),
      finishedAt: String(row.finished_at),
      specHash: String(row.spec_hash),
      targets: JSON.parse(String(row.targets)),
      series: JSON.parse(String(row.series)),
      scenarios: JSON.parse(String(row.scenarios)),
      exitCode: Number(row.exit_code),
      ...(row.seed !== null && { seed: Number(row.seed) }),
      counts: {
        breaking: Number(row.breaking),
        additive: Number(row.additive),
        info: Number(row.info),
        accepted: Number(row.accepted),
      },
      new: Number(row.new),
      resolved: Number(row.resolved),
    }));
  }

  runCount(): number {
    return Number((this.#db.prepare("SELECT count(*) AS n FROM runs").get() as { n: number }).n);
  }

  /** The latest run of each name findings carry as target (targets and pairs). */
  latestRunByTarget(): Map<string, number> {
    const rows = this.#db
      .prepare("SELECT target, max(run_seq) AS seq FROM run_targets GROUP BY target ORDER BY target")
      .all();
    return new Map(rows.map((row) => [String(row.target), Number(row.seq)]));
  }

  findingsOf(runSeqs: readonly number[]): StoredFinding[] {
    const rows = this.#db
      .prepare(
        `SELECT f.*, r.id AS run_id FROM findings f JOIN runs r ON r.seq = f.run_seq
         WHERE f.run_seq IN (SELECT value FROM json_each(?)) ORDER BY f.run_seq, f.rowid`,
      )
      .all(JSON.stringify(runSeqs));
    return this.#findingRows(rows);
  }

  #findingRows(rows: readonly Record<string, SQLOutputValue>[]): StoredFinding[] {
    return rows.map((row) => ({
      runSeq: Number(row.run_seq),
      runId: String(row.run_id),
      fingerprint: String(row.fingerprint),
      rule: String(row.rule),
      severity: String(row.severity) as Severity,
      target: String(row.target),
      operation: String(row.operation),
      pointer: String(row.pointer),
      scenario: String(row.scenario),
      step: String(row.step),
      accepted: row.accepted === 1,
      occurrences: JSON.parse(String(row.occurrences)),
      checked: row.checked === 1,
    }));
  }

  /** Every series, with how many runs it has and its latest. */
  series(): StoredSeries[] {
    return this.#db
      .prepare(
        `SELECT s.*, count(t.run_seq) AS runs, r.id AS last FROM series s
         LEFT JOIN run_targets t ON t.target = s.key
         LEFT JOIN runs r ON r.seq = (SELECT max(run_seq) FROM run_targets WHERE target = s.key)
         GROUP BY s.key ORDER BY s.kind, s.key`,
      )
      .all()
      .map((row) => ({
        key: String(row.key),
        kind: String(row.kind),
        server: String(row.server),
        account: row.account === null ? undefined : String(row.account),
        legacy: row.legacy === 1,
        runs: Number(row.runs),
        lastRunId: row.last === null ? undefined : String(row.last),
      }));
  }

  /**
   * The run of series `key` where the oldest of its open observed drifts (`rules`) first
   * appeared: unaccepted, in the series' latest run, not accepted since. Undefined when none.
   */
  openDriftSince(key: string, rules: readonly string[]): number | undefined {
    const row = this.#db
      .prepare(
        `SELECT min(first.run_seq) AS since FROM findings open
         JOIN (SELECT fingerprint, min(run_seq) AS run_seq FROM findings WHERE target = :key AND checked = 1
               GROUP BY fingerprint) first ON first.fingerprint = open.fingerprint
         WHERE open.target = :key AND open.accepted = 0
           AND open.run_seq = (SELECT max(run_seq) FROM run_targets WHERE target = :key)
           AND open.rule IN (SELECT value FROM json_each(:rules))
           AND open.fingerprint NOT IN (SELECT fingerprint FROM acceptances WHERE series = :key)`,
      )
      .get({ key, rules: JSON.stringify(rules) }) as { since: number | null };
    return row.since ?? undefined;
  }

  /** Seeds whose generated sequences failed on series `key` and have not passed since, newest first. */
  failingSeeds(key: string): number[] {
    return this.#db
      .prepare("SELECT seed FROM failing_seeds WHERE series = ? ORDER BY run_seq DESC, seed")
      .all(key)
      .map((row) => Number(row.seed));
  }

  /**
   * The documented statuses generation got on series `key` in some kept run (requests > 0), as
   * operation and coverage key (`200`, `4XX`), in the order first recorded.
   */
  exercisedStatuses(key: string): { operation: string; key: string }[] {
    return this.#db
      .prepare(
        `SELECT operation, key FROM coverage WHERE series = ? AND dimension = 'status' AND requests > 0
         GROUP BY operation, key ORDER BY min(run_seq), operation, key`,
      )
      .all(key)
      .map((row) => ({ operation: String(row.operation), key: String(row.key) }));
  }

  /** The latest row (a run that saw it) of a finding, by fingerprint; undefined when the history never saw it. */
  latestFinding(fingerprint: string): StoredFinding | undefined {
    const row = this.#db
      .prepare(
        `SELECT f.*, r.id AS run_id FROM findings f JOIN runs r ON r.seq = f.run_seq
         WHERE f.fingerprint = ? AND f.checked = 1 ORDER BY f.run_seq DESC LIMIT 1`,
      )
      .get(fingerprint);
    return row ? this.#findingRows([row])[0] : undefined;
  }

  /**
   * Accepts an observed drift: from the latest run that saw it on, the history takes what the
   * target did as its behaviour, so the rule judges against that from then on.
   */
  accept(finding: StoredFinding, reason: string, at: string): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO acceptances (fingerprint, series, from_run_seq, reason, accepted_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(finding.fingerprint, finding.target, finding.runSeq, reason, at);
  }

  /** In how many runs each fingerprint was seen and in which first; every fingerprint when none are named. */
  fingerprintStats(fingerprints?: readonly string[]): Map<string, FingerprintStats> {
    const where = fingerprints ? "WHERE fingerprint IN (SELECT value FROM json_each(?))" : "";
    const rows = this.#db
      .prepare(
        `SELECT s.fingerprint, s.runs, r.id, r.started_at FROM
           (SELECT fingerprint, count(*) AS runs, min(run_seq) AS first FROM findings
            WHERE checked = 1 ${where && `AND ${where.slice("WHERE ".length)}`} GROUP BY fingerprint) s
         JOIN runs r ON r.seq = s.first`,
      )
      .all(...(fingerprints ? [JSON.stringify(fingerprints)] : []));
    return new Map(
      rows.map((row) => [
        String(row.fingerprint),
        { runs: Number(row.runs), firstSeen: { runId: String(row.id), at: String(row.started_at) } },
      ]),
    );
  }

  /**
   * The last `limit` runs of series `target`, oldest first — and, when `reference` names the run
   * where an open drift first appeared, the `limit` runs before it too: the behaviour before the
   * drift stays the reference however long the drift lasts. Each with its observations and its
   * unaccepted findings (rules.ts: a run that reported a rule's drift at a place is no evidence of
   * the usual behaviour there; a drift a person accepted is, from the run it was accepted in on).
   */
  earlierRuns(target: string, limit: number, reference?: number): EarlierRun[] {
    const runs = this.#db
      .prepare(
        `SELECT seq, id, started_at FROM runs WHERE seq IN (
           SELECT * FROM (SELECT run_seq FROM run_targets WHERE target = :target ORDER BY run_seq DESC LIMIT :limit)
           UNION
           SELECT * FROM (SELECT run_seq FROM run_targets WHERE target = :target AND run_seq < :before
                          ORDER BY run_seq DESC LIMIT :limit))
         ORDER BY seq`,
      )
      .all({ target, limit, before: reference ?? -1 });
    if (runs.length === 0) return [];
    const seqs = JSON.stringify(runs.map((row) => Number(row.seq)));
    const shapes = new Map<number, ObservedShape>();
    for (const row of this.#db
      .prepare(
        `SELECT id, shape FROM shapes WHERE id IN
           (SELECT DISTINCT shape_id FROM observations
            WHERE target = ? AND run_seq IN (SELECT value FROM json_each(?)))`,
      )
      .all(target, seqs)) {
      shapes.set(Number(row.id), JSON.parse(String(row.shape)));
    }
    const byRun = new Map<number, EarlierRun>(
      runs.map((row) => [
        Number(row.seq),
        { runId: String(row.id), startedAt: String(row.started_at), observations: [], drifts: [] },
      ]),
    );
    for (const row of this.#db
      .prepare(
        `SELECT run_seq, operation, scenario, step, status, error_codes, duration_ms, shape_id
         FROM observations WHERE target = ? AND run_seq IN (SELECT value FROM json_each(?))
         ORDER BY run_seq, rowid`,
      )
      .all(target, seqs)) {
      (byRun.get(Number(row.run_seq))?.observations as Observation[] | undefined)?.push({
        target,
        operation: String(row.operation),
        scenario: String(row.scenario),
        step: String(row.step),
        status: Number(row.status),
        errorCodes: JSON.parse(String(row.error_codes)),
        durationMs: Number(row.duration_ms),
        shape: shapes.get(Number(row.shape_id)) ?? {},
      });
    }
    for (const row of this.#db
      .prepare(
        `SELECT f.run_seq, f.rule, f.operation, f.pointer, f.scenario, f.step FROM findings f
         WHERE f.target = ? AND f.run_seq IN (SELECT value FROM json_each(?)) AND f.accepted = 0 AND f.checked = 1
           AND NOT EXISTS (SELECT 1 FROM acceptances a WHERE a.fingerprint = f.fingerprint
                           AND a.series = f.target AND a.from_run_seq <= f.run_seq)`,
      )
      .all(target, seqs)) {
      (byRun.get(Number(row.run_seq))?.drifts as FindingPlace[] | undefined)?.push({
        rule: String(row.rule),
        target,
        operation: String(row.operation),
        pointer: String(row.pointer),
        scenario: String(row.scenario),
        step: String(row.step),
      });
    }
    return [...byRun.values()];
  }

  /** Records one run, its findings and observations, then prunes runs beyond `keep`: one transaction. */
  record(run: RecordedRun, observations: readonly Observation[], keep: number): void {
    const db = this.#db;
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      throw new HistoryError("history-write", `history ${this.path}: ${reason(error)}`, { cause: error });
    }
    try {
      const tally = tallyFindings(run.findings);
      const { seq } = db
        .prepare(
          `INSERT INTO runs (id, started_at, finished_at, spec_hash, targets, series, scenarios, exit_code,
             seed, breaking, additive, info, accepted, new, resolved)
           VALUES (:id, :started_at, :finished_at, :spec_hash, :targets, :series, :scenarios, :exit_code,
             :seed, :breaking, :additive, :info, :accepted, :new, :resolved) RETURNING seq`,
        )
        .get({
          id: run.runId,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          spec_hash: run.specHash,
          targets: JSON.stringify(run.targets),
          series: JSON.stringify(run.series.map((identity) => identity.key)),
          scenarios: JSON.stringify(run.scenarios),
          exit_code: run.exitCode,
          seed: run.seed ?? null,
          ...tally.counts,
          accepted: tally.accepted,
          new: tally.new,
          resolved: run.resolved,
        }) as { seq: number };
      const series = db.prepare(
        "INSERT OR REPLACE INTO series (key, kind, server, account, legacy) VALUES (?, ?, ?, ?, 0)",
      );
      for (const { key, kind, server, account } of run.series) series.run(key, kind, server, account ?? null);
      const target = db.prepare("INSERT INTO run_targets (target, run_seq) VALUES (?, ?)");
      for (const key of findingTargets(run.series.map((identity) => identity.key))) target.run(key, seq);
      const finding = db.prepare(
        `INSERT OR IGNORE INTO findings (run_seq, fingerprint, rule, severity, target, operation, pointer, scenario,
           step, accepted, occurrences, checked)
         VALUES (:run_seq, :fingerprint, :rule, :severity, :target, :operation, :pointer, :scenario,
           :step, :accepted, :occurrences, :checked)`,
      );
      const rows = [
        ...run.findings.map((f) => ({ ...f, accepted: f.accepted !== undefined, checked: true })),
        ...run.carried,
      ];
      for (const f of rows) {
        finding.run({
          run_seq: seq,
          fingerprint: f.fingerprint,
          rule: f.rule,
          severity: f.severity,
          target: f.target,
          operation: f.operation,
          pointer: f.pointer,
          scenario: f.scenario,
          step: f.step,
          accepted: f.accepted ? 1 : 0,
          occurrences: JSON.stringify(f.occurrences),
          checked: f.checked ? 1 : 0,
        } satisfies Row);
      }
      const failing = db.prepare(
        "INSERT OR REPLACE INTO failing_seeds (series, seed, run_seq) VALUES (?, ?, ?)",
      );
      const passed = db.prepare("DELETE FROM failing_seeds WHERE series = ? AND seed = ?");
      for (const { series: key, seed: value, failed } of run.seeds ?? []) {
        if (failed) failing.run(key, value, seq);
        else passed.run(key, value);
      }
      const cell = db.prepare(
        `INSERT INTO coverage (run_seq, series, operation, dimension, key, polarity, requests)
         VALUES (:run_seq, :series, :operation, :dimension, :key, :polarity, :requests)`,
      );
      for (const c of run.coverage ?? []) {
        cell.run({
          run_seq: seq,
          series: c.series,
          operation: c.operation,
          dimension: c.dimension,
          key: c.key,
          polarity: c.polarity,
          requests: c.requests,
        } satisfies Row);
      }
      const shapeId = this.#shapeIds();
      const observation = db.prepare(
        `INSERT INTO observations (run_seq, target, operation, scenario, step, status, error_codes, duration_ms, shape_id)
         VALUES (:run_seq, :target, :operation, :scenario, :step, :status, :error_codes, :duration_ms, :shape_id)`,
      );
      for (const o of observations) {
        observation.run({
          run_seq: seq,
          target: o.target,
          operation: o.operation,
          scenario: o.scenario,
          step: o.step,
          status: o.status,
          error_codes: JSON.stringify(o.errorCodes),
          duration_ms: o.durationMs,
          shape_id: shapeId(o.shape),
        } satisfies Row);
      }
      this.#prune(keep);
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw new HistoryError("history-write", `history ${this.path}: ${reason(error)}`, { cause: error });
    }
  }

  /** Shape → its row id, inserting shapes not stored yet (inside record's transaction). */
  #shapeIds(): (shape: ObservedShape) => number {
    const insert = this.#db.prepare("INSERT OR IGNORE INTO shapes (digest, shape) VALUES (?, ?)");
    const select = this.#db.prepare("SELECT id FROM shapes WHERE digest = ?");
    const known = new Map<string, number>();
    return (shape) => {
      const json = JSON.stringify(shape);
      const digest = createHash("sha256").update(json).digest("hex").slice(0, 32);
      let id = known.get(digest);
      if (id === undefined) {
        insert.run(digest, json);
        id = Number((select.get(digest) as { id: number }).id);
        known.set(digest, id);
      }
      return id;
    };
  }

  #prune(keep: number): void {
    const oldestKept = this.#db
      .prepare("SELECT seq FROM runs ORDER BY seq DESC LIMIT 1 OFFSET ?")
      .get(Math.max(keep, 1) - 1) as { seq: number } | undefined;
    if (oldestKept === undefined) return;
    const cut = oldestKept.seq;
    const gone = this.#db.prepare("DELETE FROM runs WHERE seq < ?").run(cut).changes;
    if (gone === 0) return;
    for (const table of ["observations", "findings", "run_targets", "coverage"])
      this.#db.prepare(`DELETE FROM ${table} WHERE run_seq < ?`).run(cut);
    this.#db.exec("DELETE FROM shapes WHERE id NOT IN (SELECT shape_id FROM observations)");
  }
}

function checkVersion(db: DatabaseSync): number {
  const found = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (found > MIGRATIONS.length) {
    throw new HistoryError(
      "history-newer",
      `schema version ${found} is newer than this contract app knows (${MIGRATIONS.length})`,
    );
  }
  return found;
}

function migrate(db: DatabaseSync): void {
  if (checkVersion(db) === MIGRATIONS.length) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    // Read again under the write lock: another run may have migrated the file meanwhile.
    const from = checkVersion(db);
    for (let step = from; step < MIGRATIONS.length; step++) db.exec(MIGRATIONS[step] as string);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** SQLite's own words ("file is not a database", "database is locked"), without Node's prefix. */
function reason(error: unknown): string {
  const { errstr, message } = error as { errstr?: string; message?: string };
  return errstr ?? message ?? String(error);
}
