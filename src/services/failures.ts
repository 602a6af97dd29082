// What to tell a user whose request failed on our side. A database that is too
// busy or cannot be reached is said as such, so they know to try again later;
// anything else gets the caller's own sentence. Never the error's text.
import { databaseTrouble } from "../db/errors.js";
import { type Notice, notice } from "../domain/result.js";

export const DATABASE_TOO_BUSY =
  "The database was too busy to answer in time, so this was stopped and nothing was changed. Please try again in a minute; if it keeps happening, tell your admin.";
export const DATABASE_UNREACHABLE =
  "The database cannot be reached just now, so nothing was changed. Please try again in a few minutes; if it keeps happening, tell your admin.";

export function failureNotice(e: unknown, otherwise: string): Notice {
  switch (databaseTrouble(e)) {
    case "timeout":
      return notice("error", DATABASE_TOO_BUSY);
    case "unavailable":
      return notice("error", DATABASE_UNREACHABLE);
    default:
      return notice("error", otherwise);
  }
}
