/**
 * *上传本人手持身份照片: the applicant holding their document, taken or chosen, checked in the app (JPEG under
 * 190 KB) and compressed there when it is larger, with the outcome said in words. On the web a native file
 * input (camera or album, reachable by keyboard); in the mini-program Taro.chooseMedia.
 */
import { Button, Image, Text, View } from '@tarojs/components';
import { FieldLabel } from './FieldLabel';
import Taro from '@tarojs/taro';
import { useId, useState } from 'react';
import { PhotoProblem, prepareMiniappPhoto, prepareWebPhoto, PHOTO_MESSAGES, type PreparedPhoto } from '../services/photo';
import type { UploadFile } from '../services/upload';
import { isWeb } from './platform';
import { FieldProblem } from './FieldFrame';

/** 为保障您的个人信息安全，建议照片上标注“仅限在中国教师资格网办理业务使用”的字样 (FAQ). */
export const HANDHELD_HINT = '请上传本人手持有效身份证件核心信息面的清晰照片（JPG格式，小于190KB；较大的照片将自动压缩）。为保障您的个人信息安全，建议照片上标注“仅限在中国教师资格网办理业务使用”的字样。';

export const HANDHELD_LABEL = '上传本人手持身份照片';

type Props = {
  field: string;
  problem?: string | null;
  onChange: (file: UploadFile | null) => void;
  /** Another photo than the handheld one (咨询求助: 身份证信息面的照片). */
  label?: string;
  hint?: string;
};

export function uploadFileOf(field: string, photo: PreparedPhoto): UploadFile {
  return { field, filename: `${field}.jpg`, type: 'image/jpeg', data: photo.data };
}

export function HandheldPhoto({ field, problem, onChange, label = HANDHELD_LABEL, hint = HANDHELD_HINT }: Props) {
  const id = useId();
  const [photo, setPhoto] = useState<PreparedPhoto | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const take = async (prepare: () => Promise<PreparedPhoto>) => {
    setWorking(true);
    setMessage('正在检查照片…');
    try {
      const prepared = await prepare();
      setPhoto(prepared);
      setMessage(prepared.message);
      onChange(uploadFileOf(field, prepared));
    } catch (thrown) {
      setPhoto(null);
      setMessage(thrown instanceof PhotoProblem ? thrown.message : PHOTO_MESSAGES.unreadable);
      onChange(null);
    } finally {
      setWorking(false);
    }
  };

  const chooseInMiniapp = async () => {
    let path: string | undefined;
    try {
      const chosen = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'] });
      path = chosen.tempFiles[0]?.tempFilePath;
    } catch {
      return; // cancelled
    }
    if (path) await take(() => prepareMiniappPhoto(path));
  };

  if (isWeb()) {
    return (
      <div className={`field photo${problem ? ' field--invalid' : ''}`}>
        <FieldLabel htmlFor={id}>{label}</FieldLabel>
        <p id={`${id}-hint`} className='field__hint'>{hint}</p>
        <input
          id={id}
          className='photo__input'
          type='file'
          accept='image/jpeg,image/*'
          disabled={working}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint ${id}-status ${id}-problem`}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void take(() => prepareWebPhoto(file));
          }}
        />
        {photo && <img className='photo__preview' src={photo.previewUrl} alt='已选择的手持身份证件照片' />}
        <p id={`${id}-status`} className='photo__status' role='status' aria-live='polite'>{message ?? '未选择任何文件'}</p>
        <FieldProblem id={`${id}-problem`} problem={problem} />
      </div>
    );
  }
  return (
    <View className='field photo'>
      <Text className='field__label'>{label}</Text>
      <Text className='field__hint'>{hint}</Text>
      <Button className='button button--plain' disabled={working} onClick={() => void chooseInMiniapp()}>
        {photo ? '重新选择照片' : '拍摄或选择照片'}
      </Button>
      {photo && <Image className='photo__preview' src={photo.previewUrl} mode='aspectFit' />}
      <Text className='photo__status'>{message ?? '未选择任何文件'}</Text>
      <FieldProblem id={`${id}-problem`} problem={problem} />
    </View>
  );
}
