/**
 * The MongoDB options a replica set needs, spelled out on every connection: majority write concern, retryable
 * writes, reads from the primary; from MONGODB_URI or the environment, never from both; and taken by FerretDB.
 */
import { loadConfig } from '../../server/src/config';
import { connectMongo, withReplicaSetOptions } from '../../server/src/stores/mongo';
import { testEnv } from '../support/server';

const DEFAULTS = 'w=majority&retryWrites=true&readPreference=primary';

describe('the replica-set options on MONGODB_URI', () => {
  test('are added to a URI that names none of them, with or without a path', () => {
    expect(withReplicaSetOptions('mongodb://127.0.0.1:27017/jszg')).toBe(`mongodb://127.0.0.1:27017/jszg?${DEFAULTS}`);
    expect(withReplicaSetOptions('mongodb://127.0.0.1:27017')).toBe(`mongodb://127.0.0.1:27017/?${DEFAULTS}`);
  });

  test('keep what the URI says, and its other options untouched, hosts of a replica set included', () => {
    const uri = 'mongodb://app:p%40ss@db1:27017,db2:27017,db3:27017/jszg?replicaSet=rs0&W=2&authSource=admin';
    expect(withReplicaSetOptions(uri)).toBe(`${uri}&retryWrites=true&readPreference=primary`);
  });

  test('take the environment\'s values, and refuse an option set in both places', () => {
    const config = loadConfig(testEnv({ MONGODB_URI: 'mongodb://db1,db2/jszg?replicaSet=rs0', MONGODB_WRITE_CONCERN: '2', MONGODB_RETRY_WRITES: 'false' }));
    expect(config.mongodbUri).toBe('mongodb://db1,db2/jszg?replicaSet=rs0&w=2&retryWrites=false&readPreference=primary');
    expect(() => loadConfig(testEnv({ MONGODB_URI: 'mongodb://db1/jszg?readPreference=primary', MONGODB_READ_PREFERENCE: 'nearest' })))
      .toThrow('MONGODB_URI sets readPreference and so does the environment');
    expect(() => loadConfig(testEnv({ MONGODB_WRITE_CONCERN: 'all' }))).toThrow();
  });

  test('reach the driver, and FerretDB takes majority writes with them', async () => {
    const connection = await connectMongo(loadConfig(testEnv()).mongodbUri);
    try {
      const options = connection.getClient().options;
      expect(options.writeConcern?.w).toBe('majority');
      expect(options.retryWrites).toBe(true);
      expect(options.readPreference.mode).toBe('primary');
      const collection = connection.db!.collection<{ _id: string; n: number }>('replica_set_options');
      await collection.insertOne({ _id: 'a', n: 1 });
      await collection.updateOne({ _id: 'a' }, { $set: { n: 2 } });
      expect(await collection.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2 });
    } finally {
      await connection.close();
    }
  });
});
