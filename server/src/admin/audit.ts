/** Writing and reading the audit log (stores/audit-log.ts). */
import type { AuditActor, AuditModel } from '../stores/audit-log';

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  summary: string;
  accountId?: string | null;
  caseRef?: string | null;
  detail?: Record<string, unknown>;
};

export const SYSTEM: AuditActor = { type: 'system', id: null, name: null };
export const applicantActor = (accountId: string): AuditActor => ({ type: 'applicant', id: accountId, name: null });

export function createAuditLog(model: AuditModel) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await model.create({
        at: new Date(),
        actor: entry.actor,
        action: entry.action,
        accountId: entry.accountId ?? null,
        caseRef: entry.caseRef ?? null,
        summary: entry.summary,
        detail: entry.detail ?? {},
      });
    },
    /** Newest first. */
    async search(filter: { accountId?: string; caseRef?: string }, limit = 200) {
      const query: Record<string, unknown> = {};
      if (filter.accountId) query.accountId = filter.accountId;
      if (filter.caseRef) query.caseRef = filter.caseRef;
      return model.find(query).sort({ at: -1, _id: -1 }).limit(limit).lean();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
