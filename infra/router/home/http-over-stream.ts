// A minimal HTTP/1.1 client over any byte stream (a TCP socket, or an SSH `direct-tcpip` channel
// opened from the lab router): one request per connection, `Connection: close`, Content-Length or
// chunked bodies. Enough for an IGD's description and SOAP control URLs, nothing more.
import type { Duplex } from "node:stream";
import { UpnpHttpError } from "./upnp-errors.ts";

export interface HttpRequest {
  method: "GET" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function formatRequest(r: HttpRequest): string {
  const body = r.body ?? "";
  const headers: Record<string, string> = {
    Host: r.url.host,
    Connection: "close",
    ...(r.method === "POST" ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
    ...r.headers,
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `${r.method} ${r.url.pathname}${r.url.search} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

function dechunk(raw: Buffer, url: string): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol < 0) throw new UpnpHttpError(url, "truncated chunked body");
    const size = Number.parseInt(raw.subarray(at, eol).toString("latin1"), 16);
    if (Number.isNaN(size)) throw new UpnpHttpError(url, "bad chunk size");
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

export function parseResponse(raw: Buffer, url: string): HttpResponse {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) throw new UpnpHttpError(url, "no complete HTTP header");
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "");
  if (!m) throw new UpnpHttpError(url, `not an HTTP response: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const l of headerLines) {
    const colon = l.indexOf(":");
    if (colon > 0) headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body, url);
  else if (headers["content-length"] !== undefined)
    body = body.subarray(0, Number(headers["content-length"]));
  return { status: Number(m[1]), headers, body: body.toString("utf8") };
}

/** Sends the request on `stream` and reads the response until the peer closes (bounded by `timeoutMs`). */
export function httpExchange(stream: Duplex, request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const url = request.url.href;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new UpnpHttpError(url, `no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks), url));
      } catch (e) {
        reject(e);
      }
    };
    stream.on("data", (d: Buffer) => chunks.push(d));
    stream.once("end", finish);
    stream.once("error", (e: Error) => {
      clearTimeout(timer);
      reject(new UpnpHttpError(url, e.message));
    });
    stream.write(formatRequest(request));
  });
}
