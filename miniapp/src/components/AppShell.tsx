/**
 * The frame of every page: a header with the page's name and the 长辈版 (large-text) switch, a skip link
 * to the main content on the web, and the page's content as its `main` landmark. The mode is a class on
 * the frame, so the design tokens of app.css apply to everything inside.
 */
import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useLargeText } from '../services/display-mode';
import { isWeb } from './platform';

type Props = { title: string; children: ReactNode; actions?: ReactNode };

export const MAIN_ID = 'main-content';

export function AppShell({ title, children, actions }: Props) {
  const [large, setLarge] = useLargeText();
  const frameClass = `app${large ? ' app--large' : ''}`;
  const modeLabel = large ? '长辈版：已开启' : '长辈版：未开启';

  if (isWeb()) {
    const skipToMain = (event: { preventDefault: () => void }) => {
      event.preventDefault();
      document.getElementById(MAIN_ID)?.focus();
    };
    return (
      <div className={frameClass}>
        <a className='skip-link' href={`#${MAIN_ID}`} onClick={skipToMain}>跳到主要内容</a>
        <header className='app-header'>
          <span className='app-header__site'>中国教师资格网</span>
          <span className='app-header__tools'>
            {actions}
            <button
              type='button'
              className='mode-switch'
              aria-pressed={large}
              onClick={() => setLarge(!large)}
            >
              {modeLabel}
            </button>
          </span>
        </header>
        <main id={MAIN_ID} className='page' tabIndex={-1}>
          <h1 className='page__title'>{title}</h1>
          {children}
        </main>
      </div>
    );
  }

  return (
    <View className={frameClass}>
      <View className='app-header'>
        <Text className='app-header__site'>中国教师资格网</Text>
        <View className='app-header__tools'>
          {actions}
          <Button className='mode-switch' ariaLabel={modeLabel} onClick={() => setLarge(!large)}>{modeLabel}</Button>
        </View>
      </View>
      <View className='page' ariaRole='main'>
        <View className='page__title' ariaRole='heading'>{title}</View>
        {children}
      </View>
    </View>
  );
}
