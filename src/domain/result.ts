// Errors a user can cause are values, not exceptions (exceptions are for bugs).
export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: string; example?: string };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (error: string, example?: string): Err =>
  example === undefined ? { ok: false, error } : { ok: false, error, example };
