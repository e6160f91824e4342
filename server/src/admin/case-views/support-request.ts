/** 咨询求助: what the applicant says beside the account holding that number (if any); staff answer by mail and may correct the account. */
import { maskEmail, maskPhone } from '../../../../shared/src/contacts';
import { ID_TYPE_LABELS } from '../../../../shared/src/id-documents';
import type { SupportDetails } from '../../support/service';
import { SUPPORT_KIND_LABELS } from '../../support/rules';
import { esc } from '../html';
import { genderText, type CaseView } from './view';

export const supportRequestView: CaseView = {
  kind: 'support-request',
  comparisonRows({ item, account, idNumber }) {
    const s = item.details as unknown as SupportDetails;
    return [
      ['问题类型', esc(SUPPORT_KIND_LABELS[s.request]), ''],
      ['证件类型', ID_TYPE_LABELS[s.idType], (account ? ID_TYPE_LABELS[account.idType] : '') || '未找到该证件号码的账号'],
      ['证件号码', esc(idNumber), account ? esc(idNumber) : ''],
      ['姓名', esc(s.name), esc(account?.name)],
      ['性别', '', genderText(account)],
      ['手机号码', esc(s.phone), account?.phone ? esc(maskPhone(account.phone)) : ''],
      ['邮箱', esc(s.email), account?.email ? esc(maskEmail(account.email)) : ''],
      ['问题说明', esc(s.description), ''],
    ];
  },
  repliesToApplicant: true,
  /** Corrections of the account's name and gender, when an account holds the number. */
  extraForm({ item, account }, csrf) {
    if (!account) return '';
    return `<form method="post" action="/admin/cases/${encodeURIComponent(item._id)}/corrections" class="decide">
<input type="hidden" name="csrf" value="${esc(csrf)}"><h3>更正账号信息</h3>
<label for="fix-name">姓名</label><input id="fix-name" name="name" value="${esc(account.name)}" maxlength="50">
<label for="fix-gender">性别</label><select id="fix-gender" name="gender"><option value="">不修改</option>
<option value="male"${account.gender === 'male' ? ' selected' : ''}>男</option><option value="female"${account.gender === 'female' ? ' selected' : ''}>女</option></select>
<button type="submit">保存更正</button></form>`;
  },
};
