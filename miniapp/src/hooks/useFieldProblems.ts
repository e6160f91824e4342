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
  /** A field's onChange: store the value, and clear that field's problem. */
  const onEdit = useCallback(<Value>(field: Field, store: (value: Value) => void) => (value: Value) => {
    store(value);
    clear(field);
  }, [clear]);
  return { problems, setProblems, clear, onEdit };
}
