import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /**
   * Cuts the line: open connections are destroyed, new ones are accepted and then hang with no
   * answer (`blackhole`, as a dead host or a dropped network looks) or are reset at once (`reset`).
   */
  cut(mode?: "blackhole" | "reset"): void;
  /**
   * Holds every open connection as it is and passes nothing more either way, and lets new ones
   * hang (as `cut("blackhole")`): a loss nobody is told of.
   */
  stall(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/** A TCP proxy from 127.0.0.1:`port` (0: any free port) to `target`, which a test can cut and restore. */
export async function startTcpProxy(target: { host: string; port: number }, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const piped = new Set<[Socket, Socket]>();
  let state: "through" | "blackhole" | "reset" = "through";
  const server = createServer((incoming) => {
    open.add(incoming);
    incoming.on("close", () => open.delete(incoming));
    incoming.on("error", () => incoming.destroy());
    if (state === "reset") return void incoming.resetAndDestroy();
    if (state === "blackhole") return;
    const outgoing = createConnection(target);
    open.add(outgoing);
    outgoing.on("close", () => open.delete(outgoing));
    outgoing.on("error", () => incoming.destroy());
    incoming.on("close", () => outgoing.destroy());
    outgoing.on("close", () => incoming.destroy());
    incoming.pipe(outgoing).pipe(incoming);
    const pair: [Socket, Socket] = [incoming, outgoing];
    piped.add(pair);
    incoming.on("close", () => piped.delete(pair));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const destroyAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut(mode = "blackhole") {
      state = mode;
      destroyAll();
    },
    stall() {
      state = "blackhole";
      for (const [incoming, outgoing] of piped) {
        incoming.unpipe(outgoing);
        outgoing.unpipe(incoming);
        incoming.pause();
        outgoing.pause();
      }
    },
    restore() {
      destroyAll();
      state = "through";
    },
    close() {
      destroyAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy in front of the PostgreSQL server of `databaseUrl`, and the same URL through it. */
export async function proxyToDatabase(databaseUrl: string, port: number): Promise<{ proxy: TcpProxy; url: string }> {
  const direct = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) }, port);
  const proxied = new URL(direct);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  return { proxy, url: proxied.toString() };
}
