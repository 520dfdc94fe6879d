/**
 * The history's schema versions, applied in order; PRAGMA user_version records
 * how many ran. Append a new step for any change — never edit a step that has
 * shipped: a history.db restored from last night's cache may be any version.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     spec_hash TEXT NOT NULL,
     targets TEXT NOT NULL,
     scenarios TEXT NOT NULL,
     exit_code INTEGER NOT NULL,
     breaking INTEGER NOT NULL,
     additive INTEGER NOT NULL,
     info INTEGER NOT NULL,
     accepted INTEGER NOT NULL,
     new INTEGER NOT NULL,
     resolved INTEGER NOT NULL
   ) STRICT;
   -- Every name the run's findings can carry as target: each target and each compared pair.
   CREATE TABLE run_targets (
     target TEXT NOT NULL,
     run_seq INTEGER NOT NULL,
     PRIMARY KEY (target, run_seq)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE findings (
     run_seq INTEGER NOT NULL,
     fingerprint TEXT NOT NULL,
     rule TEXT NOT NULL,
     severity TEXT NOT NULL,
     target TEXT NOT NULL,
     operation TEXT NOT NULL,
     pointer TEXT NOT NULL,
     scenario TEXT NOT NULL,
     step TEXT NOT NULL,
     accepted INTEGER NOT NULL,
     PRIMARY KEY (run_seq, fingerprint)
   ) STRICT;
   CREATE INDEX findings_by_fingerprint ON findings (fingerprint, run_seq);
   -- The same step shows the same shape night after night: each distinct shape is stored once.
   CREATE TABLE shapes (
     id INTEGER PRIMARY KEY,
     digest TEXT NOT NULL UNIQUE,
     shape TEXT NOT NULL
   ) STRICT;
   CREATE TABLE observations (
     run_seq INTEGER NOT NULL,
     target TEXT NOT NULL,
     operation TEXT NOT NULL,
     scenario TEXT NOT NULL,
     step TEXT NOT NULL,
     status INTEGER NOT NULL,
     error_codes TEXT NOT NULL,
     duration_ms REAL NOT NULL,
     shape_id INTEGER NOT NULL REFERENCES shapes (id)
   ) STRICT;
   CREATE INDEX observations_by_target ON observations (target, run_seq);
   CREATE INDEX observations_by_run ON observations (run_seq);
   CREATE INDEX observations_by_shape ON observations (shape_id);`,
  // Version 2: one series per target identity (kind + server + account). The names old runs
  // stored become series of their own, marked legacy: they never feed a new series' judgement.
  // A finding keeps every step that showed it; a run keeps, unchecked, the open findings it could
  // not see; an observed drift a person accepted becomes the reference from that run on.
  `CREATE TABLE series (
     key TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     server TEXT NOT NULL,
     account TEXT,
     legacy INTEGER NOT NULL
   ) STRICT;
   INSERT INTO series (key, kind, server, account, legacy)
     SELECT DISTINCT target, target, '(before target identities)', NULL, 1 FROM run_targets
     WHERE instr(target, '↔') = 0;
   ALTER TABLE runs ADD COLUMN series TEXT NOT NULL DEFAULT '[]';
   UPDATE runs SET series = targets;
   ALTER TABLE findings ADD COLUMN occurrences TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE findings ADD COLUMN checked INTEGER NOT NULL DEFAULT 1;
   UPDATE findings SET occurrences = json_array(json_object('scenario', scenario, 'step', step));
   CREATE TABLE acceptances (
     fingerprint TEXT NOT NULL,
     series TEXT NOT NULL,
     from_run_seq INTEGER NOT NULL,
     reason TEXT NOT NULL,
     accepted_at TEXT NOT NULL,
     PRIMARY KEY (fingerprint, series)
   ) STRICT;`,
  // Version 3: seeds of generated sequences that failed, per series, replayed first by later runs
  // until they pass (as Hypothesis keeps its example database).
  `CREATE TABLE failing_seeds (
     series TEXT NOT NULL,
     seed INTEGER NOT NULL,
     run_seq INTEGER NOT NULL,
     PRIMARY KEY (series, seed)
   ) STRICT;`,
  // Version 4: the run's generation seed (null when nothing was generated), and what generation
  // exercised per run and series — operation × documented status, parameter and enum value ×
  // positive / negative, with its request count (0: not exercised), so a status the spec documents
  // is named only when no kept run of the series ever got it.
  `ALTER TABLE runs ADD COLUMN seed INTEGER;
   CREATE TABLE coverage (
     run_seq INTEGER NOT NULL,
     series TEXT NOT NULL,
     operation TEXT NOT NULL,
     dimension TEXT NOT NULL,
     key TEXT NOT NULL,
     polarity TEXT NOT NULL,
     requests INTEGER NOT NULL,
     PRIMARY KEY (run_seq, series, operation, dimension, key, polarity)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX coverage_by_series ON coverage (series, dimension);`,
];
