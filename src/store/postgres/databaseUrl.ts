/**
 * What a PostgreSQL URL (postgres://user:password@host:port/database?sslmode=…) may be shown as:
 * in messages, logs and the store's `path`, the password never appears.
 */

const SCHEMES = new Set(['postgres:', 'postgresql:']);

/** Why `url` is not a PostgreSQL URL, or undefined when it is one. Never quotes the URL. */
export function databaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL such as postgres://user:password@host:5432/database';
  }
  if (!SCHEMES.has(parsed.protocol)) return 'must start with postgres:// or postgresql://';
  if (parsed.pathname.replace(/^\//, '') === '') return 'must name the database, as in postgres://user:password@host:5432/database';
  return undefined;
}

export function isDatabaseUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** The database, host and user of `url`, as "database panel on db.example.net:5432 as panel_bot". */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)';
    // A socket folder is given as ?host=/var/run/postgresql.
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost';
    const user = u.username ? ` as ${decodeURIComponent(u.username)}` : '';
    return `database ${database} on ${host}:${u.port || '5432'}${user}`;
  } catch {
    return 'the database named by DATABASE_URL';
  }
}

/** `url` without its password, as the store's `path`. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    // libpq takes a password in the query string too.
    if (u.searchParams.has('password')) u.searchParams.set('password', '');
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}
