/**
 * 实名认证 (manual 2.3.2): the document and the name (which may be corrected here), the 您还剩N次 confirmation,
 * then 恭喜您，已通过实名核验, or the failure guidance: the CTID 网证 for 居民身份证 holders, 人工审核 for the
 * others and after failures. While a manual review is pending there is nothing to submit.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { ID_TYPE_LABELS } from '@shared/id-documents';
import { nameProblem, normalizeName } from '@shared/names';
import { useCallback, useEffect, useState } from 'react';
import { AppShell } from '../../components/AppShell';
import { Facts } from '../../components/Facts';
import { Notice } from '../../components/Notice';
import { Steps } from '../../components/Steps';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useConfirmedSubmit } from '../../hooks/useConfirmedSubmit';
import { useMe, VERIFY_PROMPT } from '../../hooks/useMe';
import { loadVerification, verify, type VerificationResult, type VerificationState } from '../../services/account';
import { asApiError } from '../../services/http';
import { ROUTES } from '../../services/routes';
import { CTID_GUIDE, NAME_TIPS, STATUS_LINES, VERIFY_INSTRUCTIONS, verifyConfirmation } from '../guidance';

export const VERIFIED_MESSAGE = '恭喜您，已通过实名核验';

export default function VerifyPage() {
  const { params } = useRouter();
  const { me, error, reload } = useMe();
  const [state, setState] = useState<VerificationState | null>(null);
  const [name, setName] = useState('');
  const [nameIssue, setNameIssue] = useState<string | null>(null);
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [promptShown, setPromptShown] = useState(params.prompt === '1');

  const refresh = useCallback(async () => {
    try {
      const loaded = await loadVerification();
      setState(loaded);
      setName((current) => current || loaded.name);
    } catch (thrown) {
      setFailure(asApiError(thrown).message);
    }
  }, []);

  const { confirming, setConfirming, busy, submit } = useConfirmedSubmit(async () => {
    await reload();
    await refresh();
  }, setFailure);

  useEffect(() => {
    if (me) void refresh();
  }, [me, refresh]);

  const askToConfirm = () => {
    const issue = name.trim() ? nameProblem(normalizeName(name)) : '请填写姓名';
    setNameIssue(issue);
    setResult(null);
    setFailure(null);
    if (!issue) setConfirming(true);
  };

  const onConfirm = async () => {
    if (!state) return;
    await submit(async () => {
      const corrected = normalizeName(name);
      setResult(await verify(corrected !== state.name ? corrected : undefined));
    });
  };

  const status = state?.status ?? me?.verification.status ?? 'unverified';
  const pending = status === 'manual-pending';
  const noTriesLeft = state ? state.remainingToday <= 0 : false;
  const offerReview = me && (me.idType !== 'resident-id' || result?.status === 'failed' || status === 'failed' || status === 'manual-rejected');

  return (
    <AppShell title='实名认证'>
      {promptShown && (
        <Notice kind='info' title={me?.notice ?? VERIFY_PROMPT}>
          <SubmitButton plain onClick={() => setPromptShown(false)}>确定</SubmitButton>
        </Notice>
      )}
      {error && <Notice kind='error'>{error}</Notice>}
      {me && (
        <View className='card'>
          <Text className='card__title'>{STATUS_LINES[status] ?? ''}</Text>
          {status === 'manual-rejected' && me.verification.reason && <Text className='card__text'>{`不通过原因：${me.verification.reason}`}</Text>}
          {pending && state?.pendingReview && <Text className='card__text'>{`预计在${state.pendingReview.dueBy}之前给出审核结论（7个工作日之内）。`}</Text>}
          <Facts rows={[['证件类型', ID_TYPE_LABELS[me.idType]], ['证件号码', me.idNumber]]} />
          <TextField
            label='姓名'
            hint={`如需修改姓名，请将姓名修改正确后点击“实名认证”，实名认证通过后姓名同时修改成功。${NAME_TIPS}`}
            maxlength={50}
            placeholder='请填写与身份证件一致的姓名'
            value={name}
            problem={nameIssue}
            onChange={(value) => {
              setName(value);
              setNameIssue(null);
            }}
          />
          {state && !pending && <Text className='card__text'>{`今日还可进行${state.remainingToday}次实名认证。`}</Text>}
          {noTriesLeft && !pending && <Notice kind='error'>每日您最多可进行三次实名认证，今日次数已用完，请明天再试。</Notice>}
          {confirming && state && (
            <View className='dialog' ariaRole='alertdialog' ariaLabel='实名认证确认'>
              <Text className='card__title'>实名认证</Text>
              <Text className='card__text'>{verifyConfirmation(state.remainingToday, normalizeName(name))}</Text>
              <View className='button-row'>
                <SubmitButton disabled={busy} onClick={() => void onConfirm()}>{busy ? '正在核验…' : '确认提交'}</SubmitButton>
                <SubmitButton plain onClick={() => setConfirming(false)}>返回检查</SubmitButton>
              </View>
            </View>
          )}
          {!confirming && (
            <SubmitButton disabled={pending || noTriesLeft || busy} onClick={askToConfirm}>实名认证</SubmitButton>
          )}
          {failure && <Notice kind='error'>{failure}</Notice>}
          {result?.status === 'verified' && (
            <Notice kind='success' title={VERIFIED_MESSAGE}>实名认证成功，您可以继续办理其他相关业务。</Notice>
          )}
          {result?.status === 'failed' && (
            <Notice kind='error' title='实名认证未通过'>
              {result.message ?? '请不要直接重复提交，参考以下解决建议进行操作。'}
            </Notice>
          )}
          {result?.status === 'failed' && me.idType === 'resident-id' && (
            <View className='card'>
              <Text className='card__title'>{`开通CTID网证：${result.next?.ctidGuide?.title ?? CTID_GUIDE.title}`}</Text>
              <Text className='card__text'>证件类型为身份证的申请人，可开通CTID网证更新您的信息，再进行实名认证：</Text>
              <Steps items={result.next?.ctidGuide?.steps ?? CTID_GUIDE.steps} />
            </View>
          )}
          {offerReview && !pending && (
            <View>
              <Text className='card__text'>
                {me.idType === 'resident-id'
                  ? '如CTID网证办理失败，或网证开通成功后依旧实名认证失败，请申请人工审核。'
                  : '您所使用的证件类型不为居民身份证，实名认证失败的，请申请人工审核。'}
              </Text>
              <SubmitButton plain onClick={() => void Taro.navigateTo({ url: ROUTES.review })}>申请人工审核</SubmitButton>
            </View>
          )}
          <SubmitButton plain onClick={() => void Taro.redirectTo({ url: ROUTES.profile })}>返回个人信息中心</SubmitButton>
        </View>
      )}
      <View className='card'>
        <Text className='card__title'>操作说明</Text>
        <Steps items={VERIFY_INSTRUCTIONS} />
      </View>
    </AppShell>
  );
}
