import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres/store.js';

/**
 * The PostgreSQL the tests use: `COGNATE_TEST_DATABASE_URL` (a database the tests may create and drop
 * schemas in). Unset, the PostgreSQL tests are skipped with that reason, except under CI=true, where
 * they run and fail saying so: CI must never pass without them.
 */
export const TEST_DATABASE_URL = process.env.COGNATE_TEST_DATABASE_URL || undefined;

const IN_CI = process.env.CI === 'true';

/** The `skip` option for PostgreSQL tests: a reason when there is no database to test against, else false. */
export const skipWithoutPostgres: string | false =
  TEST_DATABASE_URL || IN_CI
    ? false
    : 'COGNATE_TEST_DATABASE_URL is not set (e.g. postgres://cognate:cognate@127.0.0.1:5432/cognate_test; .ci/run sets one up)';

function databaseUrl(): string {
  if (!TEST_DATABASE_URL) {
    throw new Error('CI=true but COGNATE_TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI (.ci/run sets it)');
  }
  return TEST_DATABASE_URL;
}

/** A schema of its own for one test or suite, so runs are independent and repeatable. */
export interface TestSchema {
  url: string;
  schema: string;
  /** A new store on the schema (it migrates the schema on first use). */
  open(): Promise<PostgresStore>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates nothing yet: the first store opened creates and migrates the schema; `drop` removes it. */
export function freshSchema(): TestSchema {
  const url = databaseUrl();
  const schema = `cognate_test_${randomBytes(6).toString('hex')}`;
  return {
    url,
    schema,
    open: () => PostgresStore.open({ url, schema, maxConnections: 4 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Whether a schema exists (to check that a test cleaned up after itself). */
export async function schemaExists(schema: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: databaseUrl() });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    return rows.length > 0;
  } finally {
    await c.end();
  }
}

/** The schema's database URL with its search_path, as an operator would give `cognate serve --database-url`. */
export function schemaUrl(t: TestSchema): string {
  const u = new URL(t.url);
  u.searchParams.set('options', `-c search_path=${t.schema}`);
  return u.toString();
}
