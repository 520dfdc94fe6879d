/**
 * Schema versions, applied in order; PRAGMA user_version records how many ran.
 * Append a new step for any change — never edit a step that has shipped.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY
   ) STRICT;
   CREATE TABLE credentials (
     hash TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('token', 'global_key')),
     account_id TEXT NOT NULL,
     permissions TEXT NOT NULL,
     PRIMARY KEY (hash, account_id)
   ) STRICT;
   CREATE TABLE entries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     account_id TEXT NOT NULL,
     name TEXT NOT NULL,
     email TEXT NOT NULL,
     is_email_regex INTEGER NOT NULL,
     comments TEXT,
     directory_id REAL,
     directory_node_id REAL,
     external_directory_node_id TEXT,
     provenance TEXT NOT NULL,
     created_at TEXT NOT NULL,
     modified_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX entries_by_name ON entries (account_id, name, seq);
   CREATE INDEX entries_by_email ON entries (account_id, email, seq);
   CREATE INDEX entries_by_created ON entries (account_id, created_at, seq);
   CREATE TABLE sandbox_meta (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT;`,
  // Listing without an order pages by seq; without this index SQLite sorted the whole account.
  "CREATE INDEX entries_by_seq ON entries (account_id, seq);",
  // The drift profile list-leaks-deleted keeps listing what DELETE removed while it is on: the rows
  // as they were, with their seq, so lists sort and page them exactly. Emptied when it is off.
  `CREATE TABLE deleted_entries (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     account_id TEXT NOT NULL,
     name TEXT NOT NULL,
     email TEXT NOT NULL,
     is_email_regex INTEGER NOT NULL,
     comments TEXT,
     directory_id REAL,
     directory_node_id REAL,
     external_directory_node_id TEXT,
     provenance TEXT NOT NULL,
     created_at TEXT NOT NULL,
     modified_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX deleted_entries_by_account ON deleted_entries (account_id, seq);`,
];
