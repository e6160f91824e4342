export * from './id-documents';
export * from './password-rule';
export * from './names';
export * from './contacts';
export * from './dates';
export * from './reference-data';
export * from './schemas';
