import type pg from 'pg';

/*
 * Claims (../claims.ts) in the claims table (migrations/002_claims.sql). Each is one statement on its
 * own, outside the commit queue: a claim is not data this copy keeps in memory, and is not undone
 * with a write. The lease runs on the database's clock, the one all instances share.
 */

/**
 * Whether `holder` holds `key` now, its lease running `leaseMs` from now. Claims whose lease ran out
 * are deleted on the way (an expired claim is a free key, so nothing is lost): without it the table
 * would keep a row for every card, digest and reminder ever sent. The key claimed is left to the
 * insert, as one statement may not change a row twice.
 */
export async function claimKey(client: pg.ClientBase, key: string, holder: string, leaseMs: number): Promise<boolean> {
  const { rows } = await client.query(`WITH expired AS (DELETE FROM claims WHERE expires_at < now() AND key <> $1)
    INSERT INTO claims (key, holder, expires_at)
    VALUES ($1, $2, now() + $3 * interval '1 millisecond')
    ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE claims.expires_at < now() OR claims.holder = excluded.holder
    RETURNING holder`, [key, holder, leaseMs]);
  return rows.length === 1;
}

export async function releaseKey(client: pg.ClientBase, key: string, holder: string): Promise<void> {
  await client.query('DELETE FROM claims WHERE key = $1 AND holder = $2', [key, holder]);
}
