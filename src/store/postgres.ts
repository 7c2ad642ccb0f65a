/**
 * Interim path of the PostgreSQL store, which lives in src/store/postgres/store.ts. Only src/cli/serve.ts
 * still imports this path; delete this file once the src/cli/ split (commands/serve.ts) imports the new one.
 */
export { describeDatabaseUrl, PostgresStore } from './postgres/store.js';
