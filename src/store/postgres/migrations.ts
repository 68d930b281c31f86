import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { StoreError } from '../storeError.js';

/**
 * The database's schema, as versioned SQL files in migrations/ at the repository's root
 * (NNN_name.sql, numbered from 001 without gaps). At open, every migration the database has not had
 * is applied, in order, in one transaction: all of them or, when one fails, none. The transaction
 * first takes an advisory lock, so instances started together migrate one after the other, and the
 * second finds nothing left to do. schema_migrations records what was applied.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any number will do, as long as every instance uses the same: "panel" in ASCII. */
const MIGRATION_LOCK = 0x70616e656c;

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function migrationLabel(m: { version: number; name: string }): string {
  return `${String(m.version).padStart(3, '0')}_${m.name}`;
}

/** The migrations in `folder`, in order; throws on a misnamed file or a gap in the numbers. */
export function readMigrations(folder: string): Migration[] {
  const migrations = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort().map((file) => {
    const m = FILE_NAME.exec(file);
    if (!m) throw new StoreError(`The migration ${join(folder, file)} is not named NNN_name.sql (001_panel_store.sql).`);
    return { version: Number(m[1]), name: m[2]!, sql: readFileSync(join(folder, file), 'utf8') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new StoreError(`The migrations in ${folder} skip or repeat a number: ${migrationLabel(m)} where ${String(i + 1).padStart(3, '0')} was expected.`);
  });
  return migrations;
}

/**
 * migrations/ at the repository's root, found upwards from this module: tsc does not copy .sql
 * files, so the built code in dist/ reads the same folder as the sources do.
 */
export function shippedMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new StoreError('Cannot find the migrations/ folder beside package.json: deploy it with the code.');
    dir = up;
  }
}

export function shippedMigrations(): Migration[] {
  return readMigrations(shippedMigrationsFolder());
}

/**
 * Applies the migrations the database has not had; returns the labels of those applied. Throws a
 * StoreError naming the migration that failed (nothing is then changed), or when the database has
 * migrations this version does not know (a newer version wrote to it).
 */
export async function applyMigrations(client: pg.ClientBase, migrations: readonly Migration[], where: string): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const ours = known.get(row.version);
      if (!ours || ours.name !== row.name) {
        throw new StoreError(`The ${where} has had migration ${migrationLabel(row)}, which this version of the bot does not have `
          + `(${ours ? `its ${row.version} is ${migrationLabel(ours)}` : 'it was written by a newer version'}). Nothing was changed: run the version that migrated it.`);
      }
    }
    const done = new Set(rows.map((r) => r.version));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        await client.query(m.sql);
      } catch (error) {
        const e = error as Error & { position?: string };
        throw new StoreError(`Migration ${migrationLabel(m)} failed on the ${where}: ${e.message}`
          + `${e.position ? ` (at character ${e.position})` : ''}. Nothing was changed: no migration of this start was kept.`, { cause: error });
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(migrationLabel(m));
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
