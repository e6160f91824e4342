/** 人工审核: the submitted document beside the account's. */
import { ID_TYPE_LABELS, type IdType } from '../../../../shared/src/id-documents';
import { esc } from '../html';
import { genderText, noExtraForm, validityText, type CaseView } from './view';

export const manualReviewView: CaseView = {
  kind: 'manual-review',
  comparisonRows({ item, account, idNumber }) {
    const d = item.details;
    return [
      ['证件类型', ID_TYPE_LABELS[d.idType as IdType] ?? '', account ? ID_TYPE_LABELS[account.idType] : ''],
      ['证件号码', esc(idNumber), esc(idNumber)],
      ['姓名', esc(d.name), esc(account?.name)],
      ['证件有效期限', validityText(d.validity, d.validFrom, d.validTo), validityText(account?.validity, account?.validFrom, account?.validTo)],
      ['民族', '', esc(account?.ethnicity)],
      ['性别', '', genderText(account)],
      ['出生日期', '', esc(account?.birthDate)],
      ['申请原因', esc(d.reason), ''],
    ];
  },
  repliesToApplicant: false,
  extraForm: noExtraForm,
};
