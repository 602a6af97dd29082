// Start the sandbox from the command line, say where it is in one line, and
// stop it cleanly on a signal. `npm run sandbox` and, with no Slack app
// configured outside production, `npm start` both come here.
import { parseArgs } from "node:util";
import { sandboxLogger, startSandbox } from "./start.js";

export const USAGE = `Usage: npm run sandbox [-- --fresh] [--port <n>] [--host <address>]
  --fresh           start again from clean demonstration data (data/sandbox.db)
  --port <n>        the page's port (default PORT, or 3000)
  --host <address>  where to serve (default 127.0.0.1: this computer only)`;

export async function runSandbox(argv: string[], why: string): Promise<void> {
  let values: { fresh?: boolean; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { fresh: { type: "boolean" }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean" } },
    }));
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  const log = sandboxLogger(env);
  const portText = values.port ?? env.PORT?.trim() ?? "";
  const port = portText === "" ? 3000 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`the port must be a whole number from 0 to 65535, not "${portText}"`);
  const host = values.host ?? "127.0.0.1";
  const sandbox = await startSandbox({ host, port, fresh: values.fresh ?? false, env, log });
  const beyond = ["127.0.0.1", "::1", "localhost"].includes(host) ? "" : " Anyone who can reach this address can act as any demonstration user.";
  log.info(
    { url: sandbox.url },
    `${why}: Board Bot is running in a local sandbox at ${sandbox.url} (a demonstration with made-up data; not connected to Slack).${beyond}`,
  );

  const shutdown = async () => {
    await sandbox.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
}
