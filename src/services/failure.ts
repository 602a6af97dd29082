// What a person is told when something failed on our side: true and clear,
// never the error's own text or a source excerpt (the caller logs the error,
// with its stack, for whoever runs the bot).
import { databaseFailure } from "../db/errors.js";
import { type Notice, notice } from "../domain/result.js";

/** `unchanged`: what did not happen, in the use case's words ("Nothing was imported."); empty when nothing was to change. */
export function failureNotice(e: unknown, unchanged = "Nothing was changed."): Notice {
  const say = (...parts: string[]) => notice("error", parts.filter(Boolean).join(" "));
  switch (databaseFailure(e)) {
    case "busy":
      return say("The database is busy; try again in a minute.", unchanged);
    case "unreachable":
      return say("The database cannot be reached just now; try again in a minute.", unchanged);
    default:
      return say("Something went wrong on our side.", unchanged, "It has been logged; please try again, and if it keeps happening, tell your admin.");
  }
}
