/**
 * The state of a contact-change request (manual 2.2.2, 2)): pending with the 1-working-day notice, approved with
 * the way on (邮箱重置密码 with the mailed link, or 短信验证重置密码 with the new phone), or refused with the reason.
 * Opened right after 提交 (`?id=…&submitted=1`) and from the address kept by the applicant.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { SubmitButton } from '../../components/SubmitButton';
import { APP_PAGES } from '../../services/app-pages';
import { asApiError } from '../../services/http';
import { contactChangeStatus, type ContactChangeState, type ContactKind } from '../../services/recovery';
import '../../styles/recovery.css';

/** 提交成功! 请耐心等待工作人员审核… (manual 2.2.2, the confirmation after 提交, one for each kind). */
export const SUBMITTED_TEXT: Record<ContactKind, string> = {
  email: '提交成功！请耐心等待工作人员审核，1个工作日内将审核结果发送至新的邮箱中，请及时查收！',
  phone: '提交成功！请耐心等待工作人员审核，1个工作日内将重置结果发送至新的手机短信中，请及时查收！',
};

/** 如审核通过… (manual 2.2.2 a. and b.). */
export const APPROVED_TEXT: Record<ContactKind, string> = {
  email: '账号绑定邮箱已修改为新的邮箱地址，邮件通知中附有重置密码链接，该链接仅24小时有效；如未在有效时间内完成操作，请仍然使用“忘记密码”的“邮箱重置密码”功能重新发送邮件重置。',
  phone: '账号绑定手机号已修改为新的手机号码，请使用“忘记密码”的“短信验证重置密码”功能重置密码。',
};

export const PENDING_TEXT = '工作人员将在1个工作日内完成审核，审核结果将发送至新的联系方式，请及时关注！在此期间不可反复提交修改申请。';

const KIND_TITLES: Record<ContactKind, string> = { email: '修改邮箱地址', phone: '修改手机号码' };

function shanghaiDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
}

export default function ContactChangeStatusPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const justSubmitted = params.submitted === '1';
  const [state, setState] = useState<ContactChangeState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    if (!id) return;
    setLoading(true);
    setError(null);
    try {
      setState(await contactChangeStatus(id));
    } catch (thrown) {
      setError(asApiError(thrown).message);
    } finally {
      setLoading(false);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  const kind: ContactKind = state?.kind ?? 'email';
  const toForgot = () => void Taro.redirectTo({ url: APP_PAGES.forgot });

  return (
    <AppShell title='修改账号绑定的联系方式'>
      <View className='card'>
        <Text className='card__title'>{state?.kind ? `${KIND_TITLES[state.kind]}申请` : '修改账号绑定的联系方式'}</Text>
        {!id && <Notice kind='error'>申请编号缺失，请从“忘记密码”重新提交申请。</Notice>}
        {id && <Text className='card__text'>{`申请编号：${id}`}</Text>}
        {loading && !state && <Text className='card__text'>正在查询…</Text>}
        {error && <Notice kind='error'>{error}</Notice>}
        {state?.status === 'pending' && (
          <View>
            {justSubmitted && <Notice kind='success' title='提交成功！'>{SUBMITTED_TEXT[kind]}</Notice>}
            <Notice kind='info' title='当前状态：待审核'>
              {`${PENDING_TEXT}${state.dueBy ? `预计在${shanghaiDay(state.dueBy)}前完成。` : ''}`}
            </Notice>
          </View>
        )}
        {state?.status === 'approved' && (
          <View>
            <Notice kind='success' title='当前状态：审核通过'>{APPROVED_TEXT[kind]}</Notice>
            <SubmitButton disabled={false} onClick={toForgot}>{kind === 'email' ? '邮箱重置密码' : '短信验证重置密码'}</SubmitButton>
          </View>
        )}
        {state?.status === 'rejected' && (
          <View>
            <Notice kind='error' title='当前状态：审核不通过'>
              {`不通过原因：${state.reason ?? '未说明'}。您可按照要求再次提交${KIND_TITLES[kind]}申请。`}
            </Notice>
            <SubmitButton disabled={false} onClick={toForgot}>再次提交申请</SubmitButton>
          </View>
        )}
        {id && <PageLink onClick={() => void load()}>{loading ? '正在刷新…' : '刷新状态'}</PageLink>}
        <PageLink onClick={toForgot}>返回忘记密码</PageLink>
      </View>
    </AppShell>
  );
}
