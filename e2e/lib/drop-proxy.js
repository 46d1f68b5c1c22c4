// A TCP proxy between the browser and the product, so a test can drop every open connection (as a
// flaky network or a restarted load balancer would) and refuse new ones for a while. With
// {@code refuseWebSockets} it also cuts every WebSocket upgrade, as a proxy that does not pass
// WebSockets would, while plain HTTP (SSE included) goes through.

import net from 'node:net';

export async function startDropProxy(targetPort, { refuseWebSockets = false } = {}) {
  const sockets = new Set();
  let refusing = false;
  let upgradesRefused = 0;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    if (refuseWebSockets) {
      // the request's head arrives in the first chunk: look at it before connecting upstream
      client.on('error', () => client.destroy());
      client.once('data', (head) => {
        if (/^upgrade:\s*websocket/im.test(head.toString('latin1'))) {
          upgradesRefused += 1;
          client.destroy();
          return;
        }
        client.pause();
        relay(client, head);
      });
      return;
    }
    relay(client, null);
  });
  const relay = (client, head) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    if (head) upstream.write(head);
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      sockets.add(a);
      a.on('close', () => { sockets.delete(a); b.destroy(); });
      a.on('error', () => b.destroy());
      a.pipe(b);
    }
    client.resume();
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** Cuts every connection now and refuses new ones until {@link restore}. */
    drop() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      refusing = false;
    },
    /** How many WebSocket upgrades were cut (with {@code refuseWebSockets}). */
    get upgradesRefused() {
      return upgradesRefused;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
