/**
 * Which WeChat user (openid of the service account) is bound to which account: one to one both ways,
 * enforced by two unique indexes.
 */
import mongoose, { Schema, type Connection } from 'mongoose';

export type WechatBindingRecord = { openid: string; accountId: string; createdAt: Date };

const bindingSchema = new Schema<WechatBindingRecord>({
  openid: { type: String, required: true, unique: true },
  accountId: { type: String, required: true, unique: true },
}, { timestamps: { createdAt: true, updatedAt: false }, collection: 'wechat_bindings' });

export type WechatBindingModel = mongoose.Model<WechatBindingRecord>;

export function wechatBindingModel(connection: Connection): WechatBindingModel {
  return connection.models.WechatBinding as WechatBindingModel | undefined
    ?? connection.model<WechatBindingRecord>('WechatBinding', bindingSchema);
}
