/** Parses a request part with a zod schema; failures become VALIDATION_FAILED with the failing fields. */
import type { z } from 'zod';
import { validationError } from './errors';

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw validationError(result.error);
  return result.data;
}
