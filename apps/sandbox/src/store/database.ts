import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { migrations } from "./migrations.ts";

/**
 * Opens (creating if needed) the sandbox database and brings its schema up to date.
 *
 * WAL + synchronous=NORMAL: every statement runs in its own transaction, so a
 * write is committed to the WAL before the response is sent. A killed process
 * loses nothing (the WAL is in the OS page cache); only an OS crash or power
 * loss could drop the last commits — acceptable for a development stand-in, and
 * it spares each create an fsync (FULL would fsync the WAL on every commit).
 */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  migrate(db);
  return db;
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (row.user_version > migrations.length) {
    throw new Error(
      `database schema version ${row.user_version} is newer than this sandbox knows (${migrations.length})`,
    );
  }
  for (let version = row.user_version; version < migrations.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migrations[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
}
