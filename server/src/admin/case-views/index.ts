/** The staff view of each review kind, looked up by kind. */
import { lookupBy } from '../../registry';
import { contactChangeView } from './contact-change';
import { manualReviewView } from './manual-review';
import { supportRequestView } from './support-request';

export const caseViewOf = lookupBy([manualReviewView, contactChangeView, supportRequestView], (view) => view.kind, 'staff case view');
export type { CaseView, Opened } from './view';
