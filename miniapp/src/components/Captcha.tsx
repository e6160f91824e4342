/**
 * 图形验证码 with its alternative: the slider puzzle, or 文字验证 for applicants who cannot see the picture
 * or drag it. Either gives the same one-use captchaToken for the request that asked for it.
 */
import { View } from '@tarojs/components';
import { useState } from 'react';
import { SliderCaptcha } from './SliderCaptcha';
import { SubmitButton } from './SubmitButton';
import { TextCaptcha } from './TextCaptcha';

type Props = { onSolved: (captchaToken: string) => void };

export function Captcha({ onSolved }: Props) {
  const [mode, setMode] = useState<'slider' | 'text'>('slider');
  return (
    <View className='captcha-choice'>
      <View className='captcha__modes'>
        {mode === 'slider' ? (
          <SubmitButton plain onClick={() => setMode('text')} label='改用文字验证（不需看图和拖动，适合使用读屏软件的用户）'>
            改用文字验证
          </SubmitButton>
        ) : (
          <SubmitButton plain onClick={() => setMode('slider')}>改用拼图验证</SubmitButton>
        )}
      </View>
      {mode === 'slider' ? <SliderCaptcha onSolved={onSolved} /> : <TextCaptcha onSolved={onSolved} />}
    </View>
  );
}
