/**
 * 2019年3月1日之前注册的账号，不能进行密码重置，需要重新注册账号 (manual 2.2.2, 1.); 如果您在2019年3月1日之前在“中国
 * 教师资格网”进行过报名，需要重新注册账号后方可登录 (FAQ 账号登录问题 (1) c.).
 */
export const LEGACY_CUTOFF_DATE = '2019-03-01';
/** Rows written to MongoDB at a time by the import. */
export const IMPORT_BATCH_SIZE = 1000;
/**
 * Batches the import writes at once while it reads the next. Measured on the embedded FerretDB with 50,000 rows:
 * 2 or 3 at once were no faster than 1 (SQLite stores one batch at a time), so one.
 */
export const IMPORT_WRITES_IN_FLIGHT = 1;
