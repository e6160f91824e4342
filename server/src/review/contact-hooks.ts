/** The hooks of a staff-approved contact change, registered on the desk by the composition root. */
import { maskEmail, maskPhone } from '../../../shared/src/contacts';
import type { Courier } from '../courier/courier';
import type { Hook } from '../hooks';
import type { SessionService } from '../sessions/service';
import type { ContactsChanged } from './decision';

/** Whoever held the old phone or mail may be logged in: every session of the account ends. */
export const endSessionsOnContactChange = (sessions: SessionService): Hook<ContactsChanged> => async ({ accountId }) => {
  await sessions.endAll(accountId);
};

/** Each old contact is told, at that contact, what it was replaced by (masked). */
export const tellOldContacts = (courier: Courier): Hook<ContactsChanged> => async ({ changes }) => {
  for (const { channel, from, to } of changes) {
    if (!from || from === to) continue;
    await courier.send('contactChangedOldContact', { channel, to: from }, { maskedNew: channel === 'email' ? maskEmail(to) : maskPhone(to) });
  }
};
