/** A form's problems by field. Editing a field clears its own problem and leaves the others standing. */
import { useCallback, useState } from 'react';

export function useFieldProblems<Field extends string>() {
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const clear = useCallback((...fields: Field[]) => {
    setProblems((current) => {
      const next = { ...current };
      for (const field of fields) next[field] = undefined;
      return next;
    });
  }, []);
  return { problems, setProblems, clear };
}
