/**
 * The MongoDB connection. Works against MongoDB and FerretDB 1.x alike: no transactions, no TTL indexes
 * (expiring state lives in Redis); single-document atomic updates and unique indexes carry the invariants.
 */
import mongoose from 'mongoose';

export async function connectMongo(uri: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    serverSelectionTimeoutMS: 3000,
    autoIndex: false,
  });
  await connection.asPromise();
  return connection;
}

/** Builds the indexes of every model registered on the connection (unique constraints included). */
export async function ensureIndexes(connection: mongoose.Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
}
