/**
 * The label of a web form field. The required mark sits beside the <label>, hidden from screen readers,
 * so that the field's name is exactly its label (aria-required says that it must be filled).
 */
import type { ReactNode } from 'react';

export function FieldLabel({ htmlFor, required = true, children }: { htmlFor: string; required?: boolean; children: ReactNode }) {
  return (
    <div className='field__label-row'>
      {required && <span className='field__required' aria-hidden='true'>*</span>}
      <label className='field__label' htmlFor={htmlFor}>{children}</label>
    </div>
  );
}
