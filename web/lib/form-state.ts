import { useCallback, useState } from 'react';
import { ApiError } from './api.ts';

/**
 * Minimal form state: values, per-field errors (filled from an ApiError's issues) and a general error
 * for anything that is not about one field.
 */
export function useFormState<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof T | '_', string>>>({});

  const setField = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => (current[key] ? { ...current, [key]: undefined } : current));
  }, []);

  /** Spread onto a text input: value, onChange and error. */
  const text = (key: keyof T & string) => ({
    value: (values[key] as string | null | undefined) ?? '',
    onChange: (event: { currentTarget: { value: string } }) =>
      setField(key, event.currentTarget.value as T[typeof key]),
    error: errors[key],
    name: key,
  });

  /** Put an API failure on the fields it names; anything else becomes the form-level error. */
  const fail = useCallback((error: unknown) => {
    if (error instanceof ApiError) {
      const fieldErrors = error.fieldErrors;
      const known = Object.keys(fieldErrors).filter((key) => key !== '_');
      if (known.length > 0) {
        setErrors(fieldErrors as Partial<Record<keyof T | '_', string>>);
        return;
      }
      setErrors({ _: error.message } as Partial<Record<keyof T | '_', string>>);
      return;
    }
    setErrors({ _: error instanceof Error ? error.message : 'Something went wrong.' } as Partial<
      Record<keyof T | '_', string>
    >);
  }, []);

  return { values, setValues, setField, errors, setErrors, text, fail, formError: errors._ };
}

/** What `useFormState` returns, for a part of a form drawn by another component. */
export type FormState<T extends Record<string, unknown>> = ReturnType<typeof useFormState<T>>;
