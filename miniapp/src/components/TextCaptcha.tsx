/**
 * 文字验证: the alternative to the slider for applicants who cannot see the picture or drag precisely.
 * The server asks a short question in words (read out by screen readers); a right answer gives the same
 * one-use captchaToken as the slider, a wrong one burns the question, so a new one is asked.
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { newTextChallenge, solveTextChallenge, type TextChallenge } from '../services/captcha';
import { asApiError } from '../services/http';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';
import { isWeb } from './platform';

type Props = { onSolved: (captchaToken: string) => void };

export const EMPTY_ANSWER_MESSAGE = '请填写答案';

export function TextCaptcha({ onSolved }: Props) {
  const [challenge, setChallenge] = useState<TextChallenge | null>(null);
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const load = useCallback(async () => {
    setChallenge(null);
    setLoadError(null);
    setAnswer('');
    try {
      setChallenge(await newTextChallenge());
    } catch (thrown) {
      setLoadError(asApiError(thrown).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async () => {
    if (!challenge || checking) return;
    if (!answer.trim()) {
      setProblem(EMPTY_ANSWER_MESSAGE);
      return;
    }
    setChecking(true);
    setProblem(null);
    try {
      onSolved(await solveTextChallenge(challenge.id, answer.trim()));
    } catch (thrown) {
      setProblem(`${asApiError(thrown).message}。已换一道新题，请重新回答。`);
      void load();
    } finally {
      setChecking(false);
    }
  };

  if (!challenge) {
    return (
      <View className='captcha'>
        <Text className='captcha__status'>{loadError ?? '正在加载题目…'}</Text>
        {loadError && <SubmitButton plain onClick={() => void load()}>重新加载</SubmitButton>}
      </View>
    );
  }

  const form = (
    <>
      <TextField
        label={`文字验证：${challenge.question}`}
        hint='请用数字或汉字填写答案'
        placeholder='请输入答案'
        maxlength={20}
        value={answer}
        problem={problem}
        onChange={(value) => {
          setAnswer(value);
          setProblem(null);
        }}
      />
      <View className='button-row'>
        <SubmitButton disabled={checking} onClick={() => void submit()}>{checking ? '正在验证…' : '提交答案'}</SubmitButton>
        <SubmitButton plain onClick={() => void load()}>换一题</SubmitButton>
      </View>
    </>
  );
  // A form on the web, so that Enter in the answer submits it.
  return isWeb() ? (
    <form className='captcha' onSubmit={(event) => { event.preventDefault(); void submit(); }}>{form}</form>
  ) : (
    <View className='captcha'>{form}</View>
  );
}
