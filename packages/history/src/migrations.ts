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
];
