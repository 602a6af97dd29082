// Socket Mode's WebSocket client, loaded only when Socket Mode connects.
// Bolt loads @slack/socket-mode whatever the mode, and socket-mode requires
// undici at once: about 18 MB of resident memory that a bot in HTTP mode
// never uses. Imported by the entry point before Bolt, this puts a stand-in
// for that undici in Node's require.cache (which Node documents as open to
// additions): the real module is required the first time socket-mode uses
// anything from it (every use is a property read at call time).
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);
const path = require.resolve("undici", { paths: [dirname(require.resolve("@slack/socket-mode"))] });

if (!require.cache[path]) {
  let real: Record<PropertyKey, unknown> | null = null;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      delete require.cache[path];
      real = require(path) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
  require.cache[path] = standIn;
}
