/**
 * 新密码 with the password rule ticked off as typed, and 确认密码 showing 两次输入的密码不一致 as soon as the
 * confirmation differs: the pair of every password reset (reset mail link, code reset, 通过微信重置密码).
 * Marked `new-password`, so a browser offers to make and save one rather than fill in the old one.
 */
import { PASSWORDS_DIFFER_MESSAGE } from '../services/form-rules';
import { PasswordRule } from './PasswordRule';
import { TextField } from './TextField';

type Props = {
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
};

export function NewPasswordFields({ password, confirmation, onPasswordChange, onConfirmationChange }: Props) {
  return (
    <>
      <TextField label='新密码' kind='password' maxlength={32} placeholder='请输入新密码' autoComplete='new-password' value={password} onChange={onPasswordChange}>
        <PasswordRule password={password} />
      </TextField>
      <TextField
        label='确认密码'
        kind='password'
        maxlength={32}
        placeholder='请再次输入新密码'
        autoComplete='new-password'
        value={confirmation}
        onChange={onConfirmationChange}
        problem={confirmation !== '' && confirmation !== password ? PASSWORDS_DIFFER_MESSAGE : null}
      />
    </>
  );
}
