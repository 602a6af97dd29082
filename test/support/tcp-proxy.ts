// A TCP proxy a test owns, between the bot and its database server, to lose the
// connection as a network does. cut("blackhole") is a partition: open
// connections stop carrying anything and new ones are accepted but never
// forwarded, so queries get no answer and no error. cut("refuse") is the server
// gone: open connections are closed and new ones refused. restore() forwards
// new connections again; the ones cut are reset, as a firewall that lost its
// state would.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** Rewrite a database URL to go through the proxy. */
  route(url: string): string;
  cut(how?: "blackhole" | "refuse"): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let state: "open" | "blackhole" | "refuse" = "open";
  const pairs = new Set<[Socket, Socket]>();
  const held = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.on("error", () => undefined);
    if (state === "refuse") return void client.destroy();
    if (state === "blackhole") {
      held.add(client);
      client.once("close", () => held.delete(client));
      return;
    }
    const upstream = createConnection(target);
    upstream.on("error", () => client.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once("close", end);
    upstream.once("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const resetAll = () => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    for (const s of [...held]) s.destroy();
  };
  return {
    route(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut(how = "blackhole") {
      state = how;
      if (how === "refuse") return resetAll();
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      resetAll();
      state = "open";
    },
    async close() {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
