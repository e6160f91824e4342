/**
 * The MongoDB connection. Works against MongoDB and FerretDB 1.x alike: no transactions, no TTL indexes
 * (expiring state lives in Redis); single-document atomic updates and unique indexes carry the invariants.
 */
import mongoose from 'mongoose';

/**
 * Every operation's whole budget (server selection, a pooled connection, the round trip, and `maxTimeMS` sent
 * to the server), through the driver's client-side operation timeout (`timeoutMS`). A database that is down,
 * paused or too slow costs a request at most this before it answers 503, within the 3 s of issue 13, instead
 * of piling requests up behind it; FerretDB 1.24 accepts the `maxTimeMS` this adds to every command.
 */
export const MONGO_OPERATION_TIMEOUT_MS = 2000;

export async function connectMongo(uri: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    serverSelectionTimeoutMS: MONGO_OPERATION_TIMEOUT_MS,
    connectTimeoutMS: MONGO_OPERATION_TIMEOUT_MS,
    // Notices a paused server between requests too (the driver's default heartbeat is every 10 s).
    heartbeatFrequencyMS: 2000,
    timeoutMS: MONGO_OPERATION_TIMEOUT_MS,
    autoIndex: false,
  });
  await connection.asPromise();
  return connection;
}

/** Builds the indexes of every model registered on the connection (unique constraints included). */
export async function ensureIndexes(connection: mongoose.Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
}
