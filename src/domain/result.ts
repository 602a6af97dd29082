// What a user can get wrong is a value, not an exception (exceptions are for
// bugs): a Result is the value, or a Notice that says in words what is wrong
// and what would work. Commands, buttons and imports all answer with it.
import { toWords, type Words } from "./words.js";

/** A short answer to show the user. */
export interface Notice {
  tone: "ok" | "info" | "error" | "denied";
  text: Words;
  example?: Words;
}

export type Ok<T> = { ok: true; value: T };
export type Err<E = Notice> = { ok: false; error: E };
export type Result<T, E = Notice> = Ok<T> | Err<E>;

export const notice = (tone: Notice["tone"], text: string | Words, example?: string | Words): Notice =>
  example === undefined ? { tone, text: toWords(text) } : { tone, text: toWords(text), example: toWords(example) };

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
/** The user's mistake, in words, with an example of what works. */
export const err = (text: string | Words, example?: string | Words): Err => fail(notice("error", text, example));
/** Any other failure value: a notice of another tone, or a row's problem in an import. */
export const fail = <E>(error: E): Err<E> => ({ ok: false, error });
