/** POST /dev/identity-registry (development only): a person the local identity check will recognise. */
import { z } from 'zod';
import { idNumberField, idTypeField } from '../../../shared/src/schemas/fields';
import { normalizeName } from '../../../shared/src/names';
import type { LocalIdentityRegistry } from '../adapters/identity-check';
import { createRouter } from '../http/context';
import { parse } from '../http/validate';

const personSchema = z.object({
  idType: idTypeField,
  idNumber: idNumberField,
  name: z.string().min(1).max(200).transform(normalizeName),
});

export function identityRegistryRoutes(registry: LocalIdentityRegistry) {
  const router = createRouter('/dev');
  router.post('/identity-registry', async (ctx) => {
    await registry.register(parse(personSchema, ctx.request.body));
    ctx.status = 201;
    ctx.body = { registered: true };
  });
  return router;
}
