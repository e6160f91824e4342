/**
 * One photo for an upload (身份证A面, B面, 本人手持身份证照片): taken with the camera or chosen from the album,
 * checked in the app (JPEG, under 190 KB) and compressed when it is larger; the outcome is said in words,
 * with a preview. A photo that cannot be brought under the limit is refused here, with the reason.
 */
import { Image, Text, View } from '@tarojs/components';
import { FieldLabel } from './FieldLabel';
import Taro from '@tarojs/taro';
import { useId, useState } from 'react';
import { PhotoProblem, PHOTO_MESSAGES, prepareMiniappPhoto, prepareWebPhoto, type PreparedPhoto } from '../services/photo';
import { SubmitButton } from './SubmitButton';
import { FieldProblem } from './FieldFrame';
import { isWeb } from './platform';

type Props = {
  label: string;
  photo: PreparedPhoto | null;
  onChange: (photo: PreparedPhoto | null) => void;
  problem?: string | null | undefined;
};

export function PhotoPicker({ label, photo, onChange, problem }: Props) {
  const id = useId();
  const [checking, setChecking] = useState(false);
  const [ownProblem, setOwnProblem] = useState<string | null>(null);
  const shownProblem = ownProblem ?? problem;

  const take = async (prepare: () => Promise<PreparedPhoto>) => {
    setChecking(true);
    setOwnProblem(null);
    try {
      onChange(await prepare());
    } catch (thrown) {
      onChange(null);
      setOwnProblem(thrown instanceof PhotoProblem ? thrown.message : PHOTO_MESSAGES.unreadable);
    } finally {
      setChecking(false);
    }
  };

  const status = checking ? '正在检查照片…' : photo?.message ?? '尚未选择照片';

  if (isWeb()) {
    return (
      <div className={`field photo${shownProblem ? ' field--invalid' : ''}`}>
        <FieldLabel htmlFor={id}>{label}</FieldLabel>
        <p id={`${id}-hint`} className='field__hint'>拍摄或选择一张照片（JPG格式，小于190KB；较大的照片将在本机自动压缩）</p>
        <input
          id={id}
          className='photo__input'
          type='file'
          accept='image/jpeg,image/*'
          aria-describedby={`${id}-hint ${id}-status ${id}-problem`}
          aria-invalid={shownProblem ? true : undefined}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void take(() => prepareWebPhoto(file));
          }}
        />
        <p id={`${id}-status`} className='field__hint' aria-live='polite'>{status}</p>
        {photo && <img className='photo__preview' src={photo.previewUrl} alt={`${label}预览`} />}
        <FieldProblem id={`${id}-problem`} problem={shownProblem} />
      </div>
    );
  }

  const choose = (source: 'camera' | 'album') => void take(async () => {
    const chosen = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: [source], sizeType: ['original', 'compressed'] });
    const file = chosen.tempFiles[0];
    if (!file) throw new PhotoProblem(PHOTO_MESSAGES.unreadable);
    return prepareMiniappPhoto(file.tempFilePath);
  });

  return (
    <View className={`field photo${shownProblem ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      <View className='button-row'>
        <SubmitButton plain disabled={checking} onClick={() => choose('camera')}>拍照</SubmitButton>
        <SubmitButton plain disabled={checking} onClick={() => choose('album')}>从相册选择</SubmitButton>
      </View>
      <Text className='field__hint'>{status}</Text>
      {photo && <Image className='photo__preview' src={photo.previewUrl} mode='widthFix' ariaLabel={`${label}预览`} />}
      <FieldProblem id={`${id}-problem`} problem={shownProblem} />
    </View>
  );
}
