/**
 * 请提供清晰的照片…（图片大小小于190KB，格式为JPG或JPEG）(manual 2.3.2, 人工审核). "Under 190 KB": a file of
 * exactly 190 × 1024 bytes is refused.
 */
export const UPLOAD_MAX_BYTES = 190 * 1024 - 1;
export const UPLOAD_FORMATS = ['image/jpeg'] as const;
