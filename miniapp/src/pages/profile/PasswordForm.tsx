/** 修改密码: the old password, the new one against the rule (ticked off as typed), and its confirmation. */
import { View } from '@tarojs/components';
import { useState } from 'react';
import { Notice } from '../../components/Notice';
import { PasswordRule } from '../../components/PasswordRule';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useFieldProblems } from '../../hooks/useFieldProblems';
import { changePassword } from '../../services/account';
import { newPasswordProblem, PASSWORDS_DIFFER_MESSAGE } from '../../services/form-rules';
import { asApiError } from '../../services/http';

export const PASSWORD_CHANGED = '密码修改成功，其他设备上的登录已退出，请牢记新密码';

type Problems = { oldPassword?: string; newPassword?: string; confirmation?: string };

export function PasswordForm() {
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { problems, setProblems, onEdit } = useFieldProblems<keyof Problems>();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async () => {
    const found: Problems = {};
    if (!oldPassword) found.oldPassword = '请填写原密码';
    const issue = newPasswordProblem(newPassword, confirmation);
    if (issue === PASSWORDS_DIFFER_MESSAGE) found.confirmation = issue;
    else if (issue) found.newPassword = newPassword ? issue : '请填写新密码';
    setProblems(found);
    setNotice(null);
    if (found.oldPassword || found.newPassword || found.confirmation || busy) return;
    setBusy(true);
    try {
      await changePassword(oldPassword, newPassword);
      setOldPassword('');
      setNewPassword('');
      setConfirmation('');
      setNotice({ kind: 'success', text: PASSWORD_CHANGED });
    } catch (thrown) {
      const apiError = asApiError(thrown);
      const fields = apiError.details?.fields ?? {};
      setProblems({ oldPassword: fields.oldPassword, newPassword: fields.newPassword });
      setNotice({ kind: 'error', text: apiError.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <TextField label='原密码' kind='password' maxlength={200} placeholder='请输入原密码' autoComplete='current-password' value={oldPassword} problem={problems.oldPassword} onChange={onEdit('oldPassword', setOldPassword)} />
      <TextField label='新密码' kind='password' maxlength={200} placeholder='8位以上数字、字母和特殊符号组合' autoComplete='new-password' value={newPassword} problem={problems.newPassword} onChange={onEdit('newPassword', setNewPassword)}>
        <PasswordRule password={newPassword} />
      </TextField>
      <TextField label='确认新密码' kind='password' maxlength={200} placeholder='请再次输入新密码' autoComplete='new-password' value={confirmation} problem={problems.confirmation} onChange={onEdit('confirmation', setConfirmation)} />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <SubmitButton disabled={busy} onClick={() => void onSubmit()}>{busy ? '正在提交…' : '修改密码'}</SubmitButton>
    </View>
  );
}
