/**
 * 图形验证码 with its alternative: the slider puzzle, or 文字验证 for applicants who cannot see the picture
 * or drag it. Either gives the same one-use captchaToken for the request that asked for it.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Notice } from './Notice';
import { SliderCaptcha } from './SliderCaptcha';
import { FieldProblem } from './FieldFrame';
import { SubmitButton } from './SubmitButton';
import { TextCaptcha } from './TextCaptcha';

export type CaptchaMode = 'slider' | 'text';
type Props = {
  onSolved: (captchaToken: string) => void;
  /** Given by a form that asks for several captchas, so the applicant's choice holds for the next one. */
  mode?: CaptchaMode;
  onModeChange?: (mode: CaptchaMode) => void;
};

export function Captcha({ onSolved, mode: chosen, onModeChange }: Props) {
  const [own, setOwn] = useState<CaptchaMode>('slider');
  const mode = chosen ?? own;
  const setMode = (next: CaptchaMode) => {
    setOwn(next);
    onModeChange?.(next);
  };
  return (
    <View className='captcha-choice'>
      <View className='captcha__modes'>
        {mode === 'slider' ? (
          <SubmitButton plain onClick={() => setMode('text')}>改用文字验证</SubmitButton>
        ) : (
          <SubmitButton plain onClick={() => setMode('slider')}>改用拼图验证</SubmitButton>
        )}
      </View>
      {mode === 'slider' && <Text className='captcha__alternative'>看不清或不便拖动滑块时，可改用文字验证：回答一道文字题，适合使用读屏软件的用户。</Text>}
      {mode === 'slider' ? <SliderCaptcha onSolved={onSolved} /> : <TextCaptcha onSolved={onSolved} />}
    </View>
  );
}

/** The captcha of a form: solved once per request; once solved it says so in words until the token is spent. */
export function CaptchaStep({ token, captchaKey, onSolved, problem }: {
  token: string | null; captchaKey: number; onSolved: (token: string) => void; problem?: string | null;
}) {
  const [mode, setMode] = useState<CaptchaMode>('slider');
  return (
    <View className='field'>
      {token
        ? <Notice kind='success' title='安全验证已通过' />
        : <Captcha key={captchaKey} onSolved={onSolved} mode={mode} onModeChange={setMode} />}
      <FieldProblem id={`captcha-${captchaKey}-problem`} problem={problem} />
    </View>
  );
}
