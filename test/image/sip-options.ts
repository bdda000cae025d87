// A one-shot SIP OPTIONS over UDP (RFC 3261 §11): sends the request, resolves with the response's
// text, or undefined when nothing comes back within the timeout.
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";

export function sipOptions(host: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const branch = `z9hG4bK${randomBytes(6).toString("hex")}`; // RFC 3261 §8.1.1.7 magic cookie
    const callId = randomBytes(8).toString("hex");
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (text: string | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(text);
    };
    socket.on("message", (data) => done(data.toString("utf8")));
    socket.on("error", () => done(undefined));
    socket.bind(0, "127.0.0.1", () => {
      const local = socket.address().port;
      const msg = [
        `OPTIONS sip:${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
        "Max-Forwards: 70",
        `From: <sip:probe@127.0.0.1>;tag=${randomBytes(4).toString("hex")}`,
        `To: <sip:${host}:${port}>`,
        `Call-ID: ${callId}`,
        "CSeq: 1 OPTIONS",
        "Accept: application/sdp",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      socket.send(msg, port, host);
    });
  });
}
