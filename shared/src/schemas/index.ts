export * from './fields';
export * from './accounts';
export * from './codes';
export * from './recovery';
export * from './review';
export * from './wechat';
