/**
 * A TCP proxy in front of the real Redis that can stop forwarding (both ways) and resume: to
 * the client it looks like a Redis that hangs (a SIGSTOPped server, a stuck network), without
 * pausing the shared Redis other tests use.
 */
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface PausableProxy {
  readonly port: number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startPausableProxy(targetHost: string, targetPort: number): Promise<PausableProxy> {
  const pairs: [Socket, Socket][] = [];
  let paused = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    pairs.push([client, upstream]);
    if (paused) {
      client.pause();
      upstream.pause();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    pause() {
      paused = true;
      // unpipe so that 'pipe' cannot resume the flow; read nothing either way.
      for (const [c, u] of pairs) {
        c.unpipe(u);
        u.unpipe(c);
        c.pause();
        u.pause();
      }
    },
    resume() {
      paused = false;
      for (const [c, u] of pairs) {
        if (c.destroyed || u.destroyed) continue;
        c.pipe(u);
        u.pipe(c);
        c.resume();
        u.resume();
      }
    },
    close: () =>
      new Promise<void>((r) => {
        for (const [c, u] of pairs) {
          c.destroy();
          u.destroy();
        }
        server.close(() => r());
      }),
  };
}
