/**
 * The frame every single-control field shares: label, hint, the control, and its problem under it.
 * On the web the label is a real <label for> and the hint and the problem are named by the control's
 * aria-describedby (useFieldIds gives the ids); the problem appears inside a live region so that screen
 * readers announce it. The problem is always words, never only a red border.
 */
import { Text, View } from '@tarojs/components';
import { useId, type ReactNode } from 'react';
import { FieldLabel } from './FieldLabel';
import { isWeb } from './platform';

export type FieldIds = { id: string; hintId: string; problemId: string; describedBy: string };

/** The control's id, the ids of its hint and problem, and its aria-describedby (the hint only when there is one). */
export function useFieldIds(hint: string | undefined): FieldIds {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  return { id, hintId, problemId, describedBy: [hint ? hintId : '', problemId].filter(Boolean).join(' ') };
}

export function FieldProblem({ id, problem }: { id: string; problem?: string | null | undefined }) {
  if (isWeb()) {
    return (
      <div id={id} className='field__live' aria-live='assertive' aria-atomic='true'>
        {problem && <p className='field__problem'><span aria-hidden='true'>✕ </span><span>{problem}</span></p>}
      </div>
    );
  }
  return problem ? (
    <View className='field__problem' ariaRole='alert'>
      <Text>✕ </Text>
      <Text>{problem}</Text>
    </View>
  ) : null;
}

type FrameProps = {
  ids: FieldIds;
  label: string;
  hint?: string | undefined;
  problem?: string | null | undefined;
  required?: boolean;
  /** The control, and whatever stands under it before the problem (the password rule, for instance). */
  children: ReactNode;
};

export function FieldFrame({ ids, label, hint, problem, required = true, children }: FrameProps) {
  const className = `field${problem ? ' field--invalid' : ''}`;
  if (isWeb()) {
    return (
      <div className={className}>
        <FieldLabel htmlFor={ids.id} required={required}>{label}</FieldLabel>
        {hint && <p id={ids.hintId} className='field__hint'>{hint}</p>}
        {children}
        <FieldProblem id={ids.problemId} problem={problem} />
      </div>
    );
  }
  return (
    <View className={className}>
      <Text className='field__label'>{label}</Text>
      {hint && <Text className='field__hint'>{hint}</Text>}
      {children}
      <FieldProblem id={ids.problemId} problem={problem} />
    </View>
  );
}
