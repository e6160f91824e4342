/**
 * How far an import of one file got: the last line of the last batch that was written whole. A re-run of the
 * same file after a crash starts after it, so it neither writes twice nor reads back what is already there; the
 * batch that was in flight at the crash is written again and its rows that did land come back as duplicates of
 * themselves (see import.ts). Keyed by the file's identity, so the checkpoint is one `_id` read and write.
 */
import mongoose, { Schema, type Connection } from 'mongoose';

export type ImportCheckpointRecord = { _id: string; line: number; imported: number; rejected: number; finishedAt: Date | null; updatedAt: Date };

const checkpointSchema = new Schema<ImportCheckpointRecord>({
  _id: { type: String, required: true },
  line: { type: Number, required: true },
  imported: { type: Number, required: true },
  rejected: { type: Number, required: true },
  finishedAt: { type: Date, default: null },
  updatedAt: { type: Date, required: true },
}, { collection: 'legacy_imports', versionKey: false });

export type ImportCheckpointModel = mongoose.Model<ImportCheckpointRecord>;

export function importCheckpointModel(connection: Connection): ImportCheckpointModel {
  return connection.models.LegacyImport as ImportCheckpointModel | undefined
    ?? connection.model<ImportCheckpointRecord>('LegacyImport', checkpointSchema);
}
