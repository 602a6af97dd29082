import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";

/** What every use case needs: the database, the settings, and the clock (a parameter, so tests fix it). */
export interface Context {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
}
