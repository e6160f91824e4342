/**
 * The MongoDB connection. Works against MongoDB and FerretDB 1.x alike: no transactions, no TTL indexes
 * (expiring state lives in Redis); single-document atomic updates and unique indexes carry the invariants.
 */
import mongoose from 'mongoose';

/**
 * The server's budget for each operation (server selection, a pooled connection, the round trip, and the
 * `maxTimeMS` sent to the server), through the driver's client-side operation timeout (`timeoutMS`). A database
 * that is down, paused or too slow costs a request at most this before it answers 503, within the 3 s of
 * issue 13 with room for the rest of the request, instead of piling requests up behind it. FerretDB 1.24
 * accepts the `maxTimeMS` this adds to every command. Every read on a request path is an `_id` read of a few
 * milliseconds, so only a sick database reaches it. Tools that do bulk work (imports) pass their own.
 */
export const MONGO_OPERATION_TIMEOUT_MS = 1500; // the default of MONGODB_OPERATION_TIMEOUT_MS

/** Used by the tools: bulk writes and index builds may take long, yet never forever. */
export const MONGO_BULK_OPERATION_TIMEOUT_MS = 10 * 60_000;

/**
 * How writes and reads behave on a replica set, stated rather than left to driver defaults. Invariants rest on
 * unique `_id` inserts and single-document writes, so a write the server answered must survive a failover:
 * acknowledged by a majority (`w=majority`, `retryWrites=true` so a write cut off by an election is sent once
 * more to the new primary, exactly once). Reads go to the primary: an instance must see what another one
 * wrote a moment ago (a registration, then the login on another instance). FerretDB and a standalone MongoDB
 * take the same options (there is no one else to acknowledge or elect).
 */
export const MONGO_REPLICA_SET_DEFAULTS = { w: 'majority', retryWrites: 'true', readPreference: 'primary' } as const;
export type MongoReplicaSetOption = keyof typeof MONGO_REPLICA_SET_DEFAULTS;

/**
 * The URI with each replica-set option it does not name added: the value from `settings` (the environment) or
 * the default. An option named both in the URI and in the environment is refused, so there is one place to look.
 */
export function withReplicaSetOptions(uri: string, settings: Partial<Record<MongoReplicaSetOption, string>> = {}): string {
  const queryAt = uri.indexOf('?');
  const base = queryAt === -1 ? uri : uri.slice(0, queryAt);
  const query = queryAt === -1 ? '' : uri.slice(queryAt + 1);
  const named = new Set([...new URLSearchParams(query).keys()].map((name) => name.toLowerCase()));
  const added = new URLSearchParams();
  for (const [option, fallback] of Object.entries(MONGO_REPLICA_SET_DEFAULTS) as [MongoReplicaSetOption, string][]) {
    const setting = settings[option];
    if (named.has(option.toLowerCase())) {
      if (setting !== undefined) throw new Error(`MONGODB_URI sets ${option} and so does the environment: keep one`);
      continue;
    }
    added.set(option, setting ?? fallback);
  }
  // The driver wants the path's slash before the options: mongodb://host/?w=majority.
  const path = /^mongodb(\+srv)?:\/\/[^/]*$/.test(base) ? `${base}/` : base;
  return `${path}?${[query, added.toString()].filter(Boolean).join('&')}`;
}

/**
 * Mongoose keeps each query's call stack as text for its "Query was already executed" error, formatting a stack
 * trace on every query; with source maps on (npm start, tsx) that formatting looks the source maps up each time,
 * a measurable part of a login's own CPU (issue 14). Nothing here runs a query twice.
 */
mongoose.set('skipOriginalStackTraces', true);

/**
 * Tries at start: with server selection and connecting bounded by the operation budget (so a sick database costs
 * a request no more than that), a database still starting or a machine under load gets a few tries to connect.
 */
const CONNECT_ATTEMPTS = 5;

export async function connectMongo(uri: string, operationTimeoutMs = MONGO_OPERATION_TIMEOUT_MS): Promise<mongoose.Connection> {
  for (let attempt = 1; ; attempt++) {
    const connection = mongoose.createConnection(uri, {
      bufferCommands: false,
      // Both within the operation budget: a server selection that waits for the driver's monitor (a paused or
      // slowed database) otherwise outlasts `timeoutMS` (measured: 2.5 s a read at a 1.5 s budget).
      serverSelectionTimeoutMS: operationTimeoutMs,
      connectTimeoutMS: Math.min(operationTimeoutMs, 2000),
      // Notices a paused server between requests too (the driver's default heartbeat is every 10 s).
      heartbeatFrequencyMS: 2000,
      timeoutMS: operationTimeoutMs,
      autoIndex: false,
    });
    try {
      await connection.asPromise();
      return connection;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (attempt >= CONNECT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Builds the indexes of every model registered on the connection (unique constraints included). Building one
 * can take longer than a request's budget (FerretDB creates the table too, and an index over existing data is a
 * scan), so each gets the bulk budget; mongoose's createIndexes passes no per-operation timeout, hence the driver.
 */
export async function ensureIndexes(connection: mongoose.Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map(async (model) => {
    const collection = connection.db!.collection(model.collection.collectionName);
    for (const [fields, options] of model.schema.indexes()) {
      const { _autoIndex, ...indexOptions } = options as Record<string, unknown>;
      await collection.createIndex(fields as mongoose.mongo.IndexSpecification, { ...indexOptions, timeoutMS: MONGO_BULK_OPERATION_TIMEOUT_MS });
    }
  }));
}
