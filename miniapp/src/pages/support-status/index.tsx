/**
 * The state of a 咨询求助 request and the staff's answer (also mailed to the address the applicant gave). Opened
 * after 提交 (`?id=…&submitted=1`), from a kept address, or by typing the 申请编号.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Notice } from '../../components/Notice';
import { PageLink } from '../../components/PageLink';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { APP_PAGES } from '../../services/app-pages';
import { asApiError } from '../../services/http';
import { supportRequestStatus, type SupportState } from '../../services/recovery';
import { REPLY_NOTICE, SUPPORT_KIND_LABELS } from '../support/texts';
import '../../styles/recovery.css';

export const SUBMITTED_TEXT = '您的申请已提交成功，工作人员会在工作日24小时内回复您的邮件，请注意查收。';

export default function SupportStatusPage() {
  const { params } = useRouter();
  const [id, setId] = useState(params.id ?? '');
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<SupportState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (ref: string) => {
    if (!ref) return;
    setLoading(true);
    setError(null);
    try {
      setState(await supportRequestStatus(ref));
    } catch (thrown) {
      setState(null);
      setError(asApiError(thrown).message);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => { void load(id); }, [load, id]);

  return (
    <AppShell title='咨询求助'>
      <View className='card'>
        <Text className='card__title'>咨询求助申请</Text>
        {params.submitted === '1' && <Notice kind='success' title='提交成功！'>{SUBMITTED_TEXT}</Notice>}
        {!id && (
          <View>
            <TextField label='申请编号' maxlength={40} placeholder='请输入提交成功后显示的申请编号' value={typed} onChange={setTyped} />
            <SubmitButton disabled={!typed.trim()} onClick={() => setId(typed.trim())}>查询</SubmitButton>
          </View>
        )}
        {id && <Text className='card__text'>{`申请编号：${id}（请记下此编号，以便查询处理结果）`}</Text>}
        {state?.kind && <Text className='card__text'>{`问题类型：${SUPPORT_KIND_LABELS[state.kind] ?? state.kind}`}</Text>}
        {loading && !state && <Text className='card__text'>正在查询…</Text>}
        {error && <Notice kind='error'>{error}</Notice>}
        {state?.status === 'pending' && <Notice kind='info' title='当前状态：待处理'>{REPLY_NOTICE}</Notice>}
        {state?.status === 'approved' && (
          <Notice kind='success' title='当前状态：已处理完毕'>{state.reply ? `工作人员回复：${state.reply}` : '您的问题已处理完毕，回复已发送至您填写的邮箱。'}</Notice>
        )}
        {state?.status === 'rejected' && (
          <Notice kind='error' title='当前状态：未能办理'>
            {`${state.reason ? `原因：${state.reason}。` : ''}${state.reply ? `工作人员回复：${state.reply}` : ''}您可按照要求再次提交申请。`}
          </Notice>
        )}
        {id && <PageLink onClick={() => void load(id)}>{loading ? '正在刷新…' : '刷新状态'}</PageLink>}
        <PageLink onClick={() => void Taro.redirectTo({ url: APP_PAGES.support })}>提交新的申请</PageLink>
      </View>
    </AppShell>
  );
}
