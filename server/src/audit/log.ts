/** Writing and reading the audit log (stores/audit-log.ts): newest first, paged by entry number. */
import { createDenseLog } from '../stores/dense-log';
import { AUDIT_ALL, auditAccountStream, auditCaseStream, type AuditActor, type AuditModel, type AuditRecord } from '../stores/audit-log';

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  summary: string;
  accountId?: string | { toString(): string } | null;
  caseRef?: string | null;
  detail?: Record<string, unknown>;
};

export type AuditPage = { entries: (AuditRecord & { n: number })[]; next: number | null };

export const SYSTEM: AuditActor = { type: 'system', id: null, name: null };
export const applicantActor = (accountId: string): AuditActor => ({ type: 'applicant', id: accountId, name: null });

/** Entries on one audit page. */
export const AUDIT_PAGE_SIZE = 50;

export function createAuditLog(model: AuditModel) {
  const log = createDenseLog<AuditRecord>(model, { blocks: true });

  async function page(stream: string, limit: number, before?: number): Promise<AuditPage> {
    const { entries } = await log.newest(stream, limit, before);
    const last = entries.at(-1);
    return { entries: entries.map((e) => ({ ...e.body, n: e.n })), next: last && last.n > 1 ? last.n : null };
  }

  return {
    /** Appends to the whole log, and to the account's and the case's own streams. */
    async record(entry: AuditEntry): Promise<void> {
      const record: AuditRecord = {
        at: new Date(),
        actor: entry.actor,
        action: entry.action,
        accountId: entry.accountId ? String(entry.accountId) : null,
        caseRef: entry.caseRef ?? null,
        summary: entry.summary,
        detail: entry.detail ?? {},
      };
      await Promise.all([
        log.append(AUDIT_ALL, record),
        record.accountId ? log.append(auditAccountStream(record.accountId), record) : null,
        record.caseRef ? log.append(auditCaseStream(record.caseRef), record) : null,
      ]);
    },

    /** Newest first, `limit` entries older than entry `before` (a `next` from the previous page). */
    recent: (limit = AUDIT_PAGE_SIZE, before?: number) => page(AUDIT_ALL, limit, before),
    ofAccount: (accountId: string, limit = AUDIT_PAGE_SIZE, before?: number) => page(auditAccountStream(accountId), limit, before),
    ofCase: (ref: string, limit = AUDIT_PAGE_SIZE) => page(auditCaseStream(ref), limit),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
