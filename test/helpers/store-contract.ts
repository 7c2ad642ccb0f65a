import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { noMfa } from '../../src/domain/users.js';
import type { PoolRecord, Store, UserRecord } from '../../src/store/store.js';
import { freshSchema, schemaExists, skipWithoutPostgres } from './postgres.js';

/**
 * The stores every part of the Store contract runs against, and the open/close around each part, so that a
 * contract file holds only its tests. A part's tests are written against the Store interface only.
 */

/** One part of the contract, as one store target sees it. */
export interface StoreUnderTest {
  /** Whether the store keeps its data across a close (false for SQLite in memory). */
  readonly durable: boolean;
  /** Registers what receives the store when it opens, before the part's first test. */
  onOpen(receive: (store: Store) => void): void;
  /** A new store on the same data, after the test closed the old one; durable stores only. */
  reopen(): Promise<Store>;
  /** Creates an empty pool with MFA off, its id made of `prefix` and a counter, and returns the id. */
  newPool(prefix: string, at?: Date): Promise<string>;
  /** Creates a CONFIRMED user without a password or MFA (a sub of its own, plus `attributes`) and returns it. */
  newUser(poolId: string, username: string, attributes?: Record<string, string>, at?: Date): Promise<UserRecord>;
}

const CONTRACT_EPOCH = new Date('2026-01-01T00:00:00.123Z');
let subs = 0;

interface Opened {
  store: Store;
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

interface Target {
  name: string;
  durable: boolean;
  skip: string | false;
  open: () => Promise<Opened>;
}

const TARGETS: readonly Target[] = [
  {
    name: 'SQLite (file)',
    durable: true,
    skip: false,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cognate-contract-'));
      return {
        store: new SqliteStore({ dataDir: dir }),
        reopen: async () => new SqliteStore({ dataDir: dir }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'SQLite (memory)',
    durable: false,
    skip: false,
    open: async () => ({ store: new SqliteStore({ dataDir: ':memory:' }), cleanup: async () => {} }),
  },
  {
    // A schema of its own per run, dropped afterwards (and checked to be gone), so runs are independent.
    name: 'PostgreSQL',
    durable: true,
    skip: skipWithoutPostgres,
    open: async () => {
      const schema = freshSchema();
      return {
        store: await schema.open(),
        reopen: () => schema.open(),
        cleanup: async () => {
          await schema.drop();
          assert.equal(await schemaExists(schema.schema), false);
        },
      };
    },
  },
];

/** Runs `body` once for each store, in a suite named `NAME store contract[: part]`. */
export function eachStore(part: string, body: (t: StoreUnderTest) => void): void {
  for (const target of TARGETS) {
    describe(`${target.name} store contract${part ? `: ${part}` : ''}`, { skip: target.skip }, () => {
      let opened: Opened | undefined;
      let current: Store | undefined;
      let n = 0;
      const receivers: ((store: Store) => void)[] = [];
      before(async () => {
        opened = await target.open();
        current = opened.store;
        for (const receive of receivers) receive(current);
      });
      after(async () => {
        // Guarded so that a failed open reports its own error, not this hook's.
        if (current) await current.close();
        if (opened) await opened.cleanup();
      });
      body({
        durable: target.durable,
        onOpen: (receive) => receivers.push(receive),
        reopen: async () => {
          if (!opened?.reopen) throw new Error(`${target.name} cannot reopen`);
          current = await opened.reopen();
          return current;
        },
        newPool: async (prefix, at = CONTRACT_EPOCH) => {
          if (!current) throw new Error('the store is not open');
          const id = `us-east-1_${prefix}${String(++n).padStart(5, '0')}`;
          const p: PoolRecord = { id, name: `pool ${id}`, createdAt: at, lastModifiedAt: at, settings: { MfaConfiguration: 'OFF' } };
          await current.createPool(p, []);
          return id;
        },
        newUser: async (poolId, username, attributes = {}, at = CONTRACT_EPOCH) => {
          if (!current) throw new Error('the store is not open');
          const sub = `00000000-0000-4000-9000-${String(++subs).padStart(12, '0')}`;
          const u: UserRecord = {
            poolId,
            username,
            sub,
            status: 'CONFIRMED',
            enabled: true,
            passwordHash: null,
            temporaryPasswordExpiresAt: null,
            attributes: { sub, ...attributes },
            mfa: noMfa(),
            createdAt: at,
            lastModifiedAt: at,
          };
          assert.equal(await current.createUser(u), true);
          return u;
        },
      });
    });
  }
}
