/** GET /api/v1/meta: the reference data forms are built from, straight from the shared rules; and the API reference. */
import { EMAIL_MAX_LENGTH } from '../../../shared/src/contacts';
import {
  ID_TYPE_LABELS, ID_TYPES, RESIDENCE_REGION_LABELS, RESIDENCE_REGIONS, VALIDITY_LABELS, VALIDITY_OPTIONS,
} from '../../../shared/src/id-documents';
import { NAME_MAX_LENGTH } from '../../../shared/src/names';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE_TEXT, PASSWORD_SPECIALS } from '../../../shared/src/password-rule';
import { ETHNIC_GROUPS, GENDER_LABELS } from '../../../shared/src/reference-data';
import { UPLOAD_FORMATS, UPLOAD_MAX_BYTES } from '../uploads/rules';
import { CODE_LENGTH, CODE_TTL_SECONDS, SMS_CODES_PER_PHONE_PER_DAY } from '../codes/rules';
import { createRouter } from '../http/context';
import { openApiDocument } from './openapi';

export function metaRoutes() {
  const meta = {
    idTypes: ID_TYPES.map((value) => ({ value, label: ID_TYPE_LABELS[value], validities: VALIDITY_OPTIONS[value] })),
    regions: RESIDENCE_REGIONS.map((value) => ({ value, label: RESIDENCE_REGION_LABELS[value] })),
    validities: Object.entries(VALIDITY_LABELS).map(([value, label]) => ({ value, label })),
    ethnicGroups: ETHNIC_GROUPS,
    genders: Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label })),
    passwordRule: {
      minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, specials: PASSWORD_SPECIALS, text: PASSWORD_RULE_TEXT,
    },
    name: { maxLength: NAME_MAX_LENGTH, middleDot: '·' },
    email: { maxLength: EMAIL_MAX_LENGTH },
    codes: { length: CODE_LENGTH, ttlSeconds: CODE_TTL_SECONDS, smsPerPhonePerDay: SMS_CODES_PER_PHONE_PER_DAY },
    uploads: { maxBytes: UPLOAD_MAX_BYTES, formats: UPLOAD_FORMATS },
  };
  const router = createRouter();
  router.get('/api/v1/meta', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = meta;
  });
  const reference = openApiDocument();
  router.get('/api/v1/openapi.json', (ctx) => {
    ctx.body = reference;
  });
  return router;
}
