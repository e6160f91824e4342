/** 修改联系方式: the new phone or mail beside the account's current one (masked). */
import { maskEmail, maskPhone } from '../../../../shared/src/contacts';
import { ID_TYPE_LABELS } from '../../../../shared/src/id-documents';
import type { ContactChangeDetails } from '../../contact-change/service';
import { esc } from '../html';
import { noExtraForm, type CaseView } from './view';

export const contactChangeView: CaseView = {
  kind: 'contact-change',
  comparisonRows({ item, account, idNumber }) {
    const c = item.details as unknown as ContactChangeDetails;
    const current = c.change === 'email' ? account?.email : account?.phone;
    return [
      ['证件类型', '', account ? ID_TYPE_LABELS[account.idType] : ''],
      ['证件号码', '', esc(idNumber)],
      ['姓名', '', esc(account?.name)],
      [c.change === 'email' ? '邮箱地址' : '手机号码', `<strong>${esc(c.newValue)}</strong>（新）`, current ? esc(c.change === 'email' ? maskEmail(current) : maskPhone(current)) : '未绑定'],
      ['申请原因', esc(c.reason), ''],
    ];
  },
  repliesToApplicant: false,
  extraForm: noExtraForm,
};
