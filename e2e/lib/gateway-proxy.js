// An HTTP proxy between the browser and the product that stands for a gateway in front of it: it passes
// every request on, cuts every WebSocket upgrade (as a proxy that does not pass WebSockets does), and while
// told to, answers the run event streams itself with 503, as a gateway does whose SSE upstream is down,
// and cuts the streams already open. Unlike drop-proxy.js it reads each request, so a stream asked for on a
// kept-alive connection is seen too.

import http from 'node:http';

const EVENT_STREAM = /^\/v2\/runs\/[^/?]+\/events(\?|$)/;

export async function startGatewayProxy(targetPort) {
  const agent = new http.Agent({ keepAlive: true });
  const streams = new Set();
  let refusingStreams = false;
  let streamsRefused = 0;
  const server = http.createServer((req, res) => {
    const stream = EVENT_STREAM.test(req.url);
    if (stream && refusingStreams) {
      streamsRefused += 1;
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      res.end('upstream unavailable');
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url,
      headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    if (stream) {
      streams.add(res);
      res.on('close', () => { streams.delete(res); upstream.destroy(); });
    }
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket) => socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** From now on every event stream is answered 503, and the open ones are cut. */
    refuseStreams() {
      refusingStreams = true;
      for (const res of streams) res.destroy();
    },
    passStreams() {
      refusingStreams = false;
    },
    /** How many event streams were answered 503. */
    get streamsRefused() {
      return streamsRefused;
    },
    close() {
      for (const res of streams) res.destroy();
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
