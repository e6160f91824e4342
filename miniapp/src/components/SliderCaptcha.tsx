/**
 * 向右拖动滑块填充拼图: shows the server's puzzle, lets the applicant drag the piece into the hole and
 * trades the drop for a one-use captchaToken. A wrong drop burns the puzzle, so a new one is loaded.
 * On the web the handle is also a keyboard slider (role=slider): arrow keys move it, Enter drops it,
 * and its state is announced in words. Applicants who cannot see the picture use 文字验证 (Captcha.tsx).
 */
import { Image, Text, View } from '@tarojs/components';
import type { CommonEvent, ITouchEvent } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { newPuzzle, solvePuzzle, type DragPoint, type Puzzle } from '../services/captcha';
import { asApiError } from '../services/http';
import { isWeb } from './platform';
import './SliderCaptcha.css';

/** Width of the handle the applicant drags, in screen pixels. */
const KNOB_WIDTH = 44;
/**
 * What surrounds the picture across the screen (page, card and captcha padding and borders), in the
 * 750-wide design units of the style sheets, which scale with the screen width.
 */
const SURROUNDINGS_DESIGN_WIDTH = 2 * (32 + 32 + 24 + 2);
const DESIGN_WIDTH = 750;
/** Screen pixels an arrow key moves the handle; with Shift, ten times as far. */
const KEY_STEP = 2;

type Props = { onSolved: (captchaToken: string) => void };

type Drag = { startX: number; startedAt: number; track: DragPoint[] };

const SLIDER_LABEL = '拼图滑块：向右移动滑块，使拼图块填入缺口。可用左右方向键移动，按回车键确认';

/**
 * Where the finger is (or, on touchend, where it was lifted). View types its touch handlers as plain
 * events, though both platforms hand them the touches.
 */
function touchX(event: CommonEvent): number | null {
  const touches = event as Partial<ITouchEvent>;
  return (touches.touches?.[0] ?? touches.changedTouches?.[0])?.clientX ?? null;
}

export function SliderCaptcha({ onSolved }: Props) {
  const [puzzle, setPuzzle] = useState<Puzzle | null>(null);
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const drag = useRef<Drag | null>(null);
  const offsetRef = useRef(0);

  const load = useCallback(async () => {
    setPuzzle(null);
    setLoadError(null);
    setOffset(0);
    offsetRef.current = 0;
    try {
      setPuzzle(await newPuzzle());
    } catch (thrown) {
      setLoadError(asApiError(thrown).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (!puzzle) {
    return (
      <View className='captcha'>
        <Text className='captcha__status'>{loadError ?? '正在加载拼图…'}</Text>
        {loadError && (isWeb()
          ? <button type='button' className='link captcha__refresh' onClick={() => void load()}>重新加载</button>
          : <Text className='captcha__refresh' onClick={() => void load()}>重新加载</Text>)}
      </View>
    );
  }

  // Shrinks the picture on screens narrower than it; answers are sent in the picture's own pixels.
  const { windowWidth } = Taro.getWindowInfo();
  const room = windowWidth - (SURROUNDINGS_DESIGN_WIDTH * windowWidth) / DESIGN_WIDTH;
  const shownWidth = Math.floor(Math.min(puzzle.width, room));
  const scale = shownWidth / puzzle.width;
  const maxOffset = shownWidth - KNOB_WIDTH;
  const toPicture = (screenX: number) => Math.round(screenX / scale);

  const moveTo = (clientX: number) => {
    const current = drag.current;
    if (!current) return;
    const next = Math.min(maxOffset, Math.max(0, clientX - current.startX));
    offsetRef.current = next;
    setOffset(next);
    current.track.push([toPicture(next), Date.now() - current.startedAt]);
  };

  const onTouchStart = (event: CommonEvent) => {
    const x = touchX(event);
    if (checking || x === null) return;
    setMessage(null);
    drag.current = { startX: x - offsetRef.current, startedAt: Date.now(), track: [[0, 0]] };
  };

  const onTouchMove = (event: CommonEvent) => {
    const x = touchX(event);
    if (x !== null) moveTo(x);
  };

  const drop = async (current: Drag | null) => {
    if (!current || offsetRef.current === 0) return;
    setChecking(true);
    try {
      const token = await solvePuzzle(puzzle.id, toPicture(offsetRef.current), current.track);
      onSolved(token);
    } catch (thrown) {
      setMessage(asApiError(thrown).message);
      void load();
    } finally {
      setChecking(false);
    }
  };

  // Browsers may merge or hold back the last moves, so the point where the finger lifted counts too.
  const onTouchEnd = async (event: CommonEvent) => {
    const x = touchX(event);
    if (x !== null) moveTo(x);
    const current = drag.current;
    drag.current = null;
    await drop(current);
  };

  // The keyboard moves the handle as a drag would, so the server sees the same kind of track.
  const onKeyDown = (event: { key: string; shiftKey: boolean; preventDefault: () => void }) => {
    if (checking) return;
    const step = event.shiftKey ? KEY_STEP * 10 : KEY_STEP;
    const moves: Record<string, number> = {
      ArrowRight: offsetRef.current + step, ArrowUp: offsetRef.current + step,
      ArrowLeft: offsetRef.current - step, ArrowDown: offsetRef.current - step,
      Home: 0, End: maxOffset,
    };
    if (event.key in moves) {
      event.preventDefault();
      setMessage(null);
      drag.current ??= { startX: 0, startedAt: Date.now() - 1, track: [[0, 0]] };
      moveTo(moves[event.key] ?? 0);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const current = drag.current;
      drag.current = null;
      void drop(current);
    }
  };

  // The piece sits at the knob's offset, scaled like the picture it belongs in.
  const pieceStyle = {
    left: `${offset}px`,
    top: `${puzzle.pieceY * scale}px`,
    width: `${puzzle.pieceSize * scale}px`,
    height: `${puzzle.pieceSize * scale}px`,
  };

  return (
    <View className='captcha'>
      <View className='captcha__head'>
        <Text className='captcha__title'>请完成安全验证</Text>
        {isWeb()
          ? <button type='button' className='link captcha__refresh' onClick={() => void load()}>换一张</button>
          : <Text className='captcha__refresh' onClick={() => void load()}>换一张</Text>}
      </View>
      <View className='captcha__picture' style={{ width: `${shownWidth}px` }}>
        {isWeb() ? (
          <>
            <img className='captcha__background' src={puzzle.background} alt='拼图背景：图中有一个缺口' style={{ width: `${shownWidth}px`, height: 'auto' }} />
            <img className='captcha__piece' src={puzzle.piece} alt='拼图块' style={pieceStyle} />
          </>
        ) : (
          <>
            <Image
              className='captcha__background'
              src={puzzle.background}
              mode='widthFix'
              style={{ width: `${shownWidth}px`, height: 'auto' }}
            />
            <Image className='captcha__piece' src={puzzle.piece} style={pieceStyle} />
          </>
        )}
      </View>
      <View className='captcha__track' style={{ width: `${shownWidth}px` }}>
        <Text className='captcha__hint'>向右拖动滑块填充拼图</Text>
        {isWeb() ? (
          <div
            className={`captcha__knob${checking ? ' captcha__knob--checking' : ''}`}
            style={{ left: `${offset}px`, width: `${KNOB_WIDTH}px` }}
            role='slider'
            tabIndex={0}
            aria-label={SLIDER_LABEL}
            aria-valuemin={0}
            aria-valuemax={maxOffset}
            aria-valuenow={offset}
            aria-valuetext={checking ? '正在验证' : `已向右移动${offset}像素，共${maxOffset}像素`}
            aria-busy={checking}
            onKeyDown={onKeyDown}
            onTouchStart={(event) => onTouchStart(event as unknown as CommonEvent)}
            onTouchMove={(event) => onTouchMove(event as unknown as CommonEvent)}
            onTouchEnd={(event) => void onTouchEnd(event as unknown as CommonEvent)}
            onTouchCancel={(event) => void onTouchEnd(event as unknown as CommonEvent)}
          >
            <span aria-hidden='true'>→</span>
          </div>
        ) : <View
          className={`captcha__knob${checking ? ' captcha__knob--checking' : ''}`}
          style={{ left: `${offset}px`, width: `${KNOB_WIDTH}px` }}
          onTouchStart={onTouchStart}
          onTouchMove={onTouchMove}
          onTouchEnd={(event) => void onTouchEnd(event)}
          onTouchCancel={(event) => void onTouchEnd(event)}
        >
          <Text>→</Text>
        </View>}
      </View>
      {isWeb()
        ? <p className='captcha__status' aria-live='assertive'>{checking ? '正在验证…' : message}</p>
        : message && <Text className='captcha__status'>{message}</Text>}
    </View>
  );
}
