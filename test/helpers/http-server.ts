// A real node:http server on 127.0.0.1, port 0, for network tests: start it with a handler,
// read back what it received, close it (hanging connections included) when the test ends.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Request target as sent: origin-form path (`/a?b`) for direct requests. */
  url: string;
  /** Lower-case header names, as node:http parses them. */
  headers: http.IncomingHttpHeaders;
}

/** Handles a request; may be async. Throwing answers 500. */
export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  /** Base URL with trailing slash, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** How many TCP connections were opened so far. */
  connections(): number;
  /** The underlying server, for tests that need events. */
  server: http.Server;
  /** Destroy open sockets and stop listening. */
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1:0 that records requests and hands them to `handler`. */
export async function startServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connectionCount = 0;

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  server.on('connection', (socket) => {
    connectionCount++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    connections: () => connectionCount,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
