// `npm run sandbox [-- --fresh] [--port 3000] [--host 127.0.0.1]`: the bot in a
// local sandbox, whatever Slack settings are configured.
import { loadDotEnv } from "../config.js";
import { projectPath } from "../paths.js";
import { runSandbox } from "./run.js";

loadDotEnv(projectPath(".env"));
runSandbox(process.argv.slice(2), "Sandbox").catch((e: unknown) => {
  process.stderr.write(`The sandbox could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
