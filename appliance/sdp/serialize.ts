// SDP serializer (RFC 8866 §5): lines in the order the grammar fixes, CRLF line ends.
import type { SdpAttribute, SdpBandwidth, SdpConnection, SessionDescription } from "./model.ts";

export function serializeSdp(sdp: SessionDescription): string {
  const out: string[] = [];
  const o = sdp.origin;
  out.push(`v=${sdp.version}`);
  out.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  out.push(`s=${sdp.sessionName === "" ? " " : sdp.sessionName}`);
  if (sdp.info !== undefined) out.push(`i=${sdp.info}`);
  if (sdp.uri !== undefined) out.push(`u=${sdp.uri}`);
  for (const e of sdp.emails) out.push(`e=${e}`);
  for (const p of sdp.phones) out.push(`p=${p}`);
  if (sdp.connection) out.push(connectionLine(sdp.connection));
  for (const b of sdp.bandwidths) out.push(bandwidthLine(b));
  for (const t of sdp.timings) {
    out.push(`t=${t.start} ${t.stop}`);
    for (const r of t.repeats) out.push(`r=${r}`);
  }
  if (sdp.timeZones !== undefined) out.push(`z=${sdp.timeZones}`);
  if (sdp.key !== undefined) out.push(`k=${sdp.key}`);
  for (const a of sdp.attributes) out.push(attributeLine(a));
  for (const m of sdp.media) {
    const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
    out.push(`m=${m.type} ${port} ${m.proto} ${m.formats.join(" ")}`);
    if (m.title !== undefined) out.push(`i=${m.title}`);
    for (const c of m.connections) out.push(connectionLine(c));
    for (const b of m.bandwidths) out.push(bandwidthLine(b));
    if (m.key !== undefined) out.push(`k=${m.key}`);
    for (const a of m.attributes) out.push(attributeLine(a));
  }
  return `${out.join("\r\n")}\r\n`;
}

function connectionLine(c: SdpConnection): string {
  let addr = c.address;
  if (c.ttl !== undefined) addr += `/${c.ttl}`;
  if (c.count !== undefined) addr += `/${c.count}`;
  return `c=${c.netType} ${c.addrType} ${addr}`;
}

function bandwidthLine(b: SdpBandwidth): string {
  return `b=${b.type}:${b.value}`;
}

function attributeLine(a: SdpAttribute): string {
  return a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`;
}
