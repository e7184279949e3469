// A cuttable TCP proxy in front of the shared PostgreSQL server: `cut()` destroys every live
// connection and refuses new ones (the database "goes away" for this client only), `restore()`
// lets connections through again. The real server is never touched.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Returns how many live client connections it destroyed. */
  cut(): number;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let up = true;
  const live = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    live.add(client);
    live.add(upstream);
    const drop = () => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      up = false;
      let clients = 0;
      for (const s of live) if (s.remotePort !== targetPort) clients++;
      for (const s of live) s.destroy();
      live.clear();
      return clients;
    },
    restore() {
      up = true;
    },
    close() {
      up = false;
      for (const s of live) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
