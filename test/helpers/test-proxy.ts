// A minimal forward HTTP proxy for tests. It answers absolute-form requests
// (`GET http://blog.virtual.example/path`) by calling a handler with the target host, so a test
// can serve made-up hostnames and prove that HTTP_PROXY is honoured. It never opens real
// outbound connections; CONNECT tunnels are refused with a chosen status.

import type http from 'node:http';
import { startServer, type TestServer } from './http-server.js';

/** Serves one proxied request; `host` is the target's host[:port] from the absolute URL. */
export type ProxyHandler = (host: string, req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** One request the proxy received. */
export interface ProxiedRequest {
  method: string;
  /** Absolute target URL for forwarded requests; `host:port` for CONNECT. */
  target: string;
  headers: http.IncomingHttpHeaders;
}

/** A running test proxy. */
export interface TestProxy {
  /** Proxy URL to put in HTTP_PROXY, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request received, CONNECTs included. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** Options for startProxy. */
export interface ProxyOptions {
  /**
   * Answer to CONNECT requests (tunnels are not supported): a status code to refuse with, or
   * `'hang-up'` to close the socket without a word, as proxies that do not speak CONNECT do.
   * @default 403
   */
  connectReply?: number | 'hang-up';
}

/** Start a forward proxy on 127.0.0.1:0 that hands absolute-form requests to `handler`. */
export async function startProxy(handler: ProxyHandler, opts: ProxyOptions = {}): Promise<TestProxy> {
  const requests: ProxiedRequest[] = [];
  const inner: TestServer = await startServer(async (req, res) => {
    const target = req.url ?? '';
    requests.push({ method: req.method ?? '', target, headers: req.headers });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      // An origin-form request means the client did not treat us as a proxy.
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('proxy expects absolute-form request targets');
      return;
    }
    await handler(url.host, req, res);
  });

  const reply = opts.connectReply ?? 403;
  inner.server.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    if (reply === 'hang-up') return void socket.destroy();
    socket.end(`HTTP/1.1 ${reply} Tunnel Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  return { url: `http://127.0.0.1:${inner.port}`, requests, close: () => inner.close() };
}
