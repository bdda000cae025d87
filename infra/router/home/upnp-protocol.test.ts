import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatRequest, parseResponse } from "./http-over-stream.ts";
import { parsePortListing } from "./igd-client.ts";
import { findWanService } from "./igd-description.ts";
import { soapEnvelope, soapResult } from "./soap.ts";
import { mSearch, ssdpLocation } from "./ssdp.ts";
import { descUrls } from "./ssh-igd-transport.ts";
import { UpnpSoapFault } from "./upnp-errors.ts";

describe("SSDP", () => {
  it("searches for the IGD with the four UDA headers", () => {
    assert.equal(
      mSearch("urn:schemas-upnp-org:device:InternetGatewayDevice:1"),
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 2\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n',
    );
  });
  it("takes LOCATION from a 200 answer only, whatever its case", () => {
    assert.equal(
      ssdpLocation(
        "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nLocation: http://192.168.1.1:5000/rootDesc.xml\r\n\r\n",
      ),
      "http://192.168.1.1:5000/rootDesc.xml",
    );
    assert.equal(ssdpLocation("NOTIFY * HTTP/1.1\r\nLOCATION: http://x/\r\n\r\n"), undefined);
  });
  it("reads upnpc -l's desc lines", () => {
    assert.deepEqual(
      descUrls(
        "upnpc : miniupnpc\nList of UPNP devices found on the network :\n desc: http://192.168.1.1:5000/rootDesc.xml\n st: urn:x\n",
      ),
      ["http://192.168.1.1:5000/rootDesc.xml"],
    );
  });
});

// Trimmed from miniupnpd 2.3.1's rootDesc.xml.
const ROOT_DESC = `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>
<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType><serviceList>
<service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType><controlURL>/ctl/L3F</controlURL></service>
</serviceList><deviceList><device><deviceList><device><serviceList>
<service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:2</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
<controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/WANIPCn.xml</SCPDURL></service>
</serviceList></device></deviceList></device></deviceList></device></root>`;

describe("device description", () => {
  it("finds the WAN connection service and resolves its control URL", () => {
    const s = findWanService(ROOT_DESC, "http://192.168.1.1:5000/rootDesc.xml");
    assert.equal(s?.serviceType, "urn:schemas-upnp-org:service:WANIPConnection:2");
    assert.equal(s?.controlUrl.href, "http://192.168.1.1:5000/ctl/IPConn");
  });
  it("honours URLBase and finds none in a description without WAN service", () => {
    const v1 = ROOT_DESC.replace("WANIPConnection:2", "WANPPPConnection:1").replace(
      "<device>",
      "<URLBase>http://10.0.0.1:80/</URLBase><device>",
    );
    assert.equal(
      findWanService(v1, "http://192.168.1.1:5000/d.xml")?.controlUrl.href,
      "http://10.0.0.1/ctl/IPConn",
    );
    assert.equal(findWanService(ROOT_DESC.replace("WANIPConnection:2", "Other:1"), "http://x/"), undefined);
  });
});

describe("SOAP", () => {
  it("writes the arguments in order, escaped", () => {
    const body = soapEnvelope("urn:schemas-upnp-org:service:WANIPConnection:1", "AddPortMapping", [
      ["NewExternalPort", 5060],
      ["NewPortMappingDescription", "pibx: a<b&c"],
    ]);
    assert.match(
      body,
      /<u:AddPortMapping xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewExternalPort>5060<\/NewExternalPort><NewPortMappingDescription>pibx: a&lt;b&amp;c<\/NewPortMappingDescription><\/u:AddPortMapping>/,
    );
  });
  it("reads out arguments, including empty and CDATA ones", () => {
    const r = soapResult(
      "GetSpecificPortMappingEntry",
      200,
      '<s:Envelope><s:Body><u:GetSpecificPortMappingEntryResponse xmlns:u="x"><NewInternalPort>5060</NewInternalPort><NewInternalClient>192.168.1.2</NewInternalClient><NewPortMappingDescription>a &amp; b</NewPortMappingDescription><NewRemoteHost/><NewX><![CDATA[<p:y/>]]></NewX></u:GetSpecificPortMappingEntryResponse></s:Body></s:Envelope>',
    );
    assert.deepEqual(r, {
      NewInternalPort: "5060",
      NewInternalClient: "192.168.1.2",
      NewPortMappingDescription: "a & b",
      NewRemoteHost: "",
      NewX: "<p:y/>",
    });
  });
  it("turns a UPnPError into a typed fault", () => {
    const body =
      '<s:Envelope><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>714</errorCode><errorDescription>NoSuchEntryInArray</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>';
    assert.throws(
      () => soapResult("GetSpecificPortMappingEntry", 500, body),
      (e: unknown) => e instanceof UpnpSoapFault && e.code === 714 && e.description === "NoSuchEntryInArray",
    );
  });
  it("parses IGD v2's PortMappingList", () => {
    const list = parsePortListing(
      '<p:PortMappingList xmlns:p="urn:schemas-upnp-org:gw:WANIPConnection"><p:PortMappingEntry><p:NewRemoteHost></p:NewRemoteHost><p:NewExternalPort>10019</p:NewExternalPort><p:NewProtocol>UDP</p:NewProtocol><p:NewInternalPort>10019</p:NewInternalPort><p:NewInternalClient>192.168.1.2</p:NewInternalClient><p:NewEnabled>1</p:NewEnabled><p:NewDescription>pibx: RTP media</p:NewDescription><p:NewLeaseTime>604800</p:NewLeaseTime></p:PortMappingEntry></p:PortMappingList>',
    );
    assert.deepEqual(list, [
      {
        protocol: "UDP",
        externalPort: 10019,
        internalClient: "192.168.1.2",
        internalPort: 10019,
        description: "pibx: RTP media",
        enabled: true,
        leaseSeconds: 604800,
        remoteHost: "",
      },
    ]);
  });
});

describe("HTTP over a stream", () => {
  it("writes a closing request and reads chunked and sized bodies", () => {
    assert.equal(
      formatRequest({ method: "GET", url: new URL("http://192.168.1.1:5000/rootDesc.xml") }),
      "GET /rootDesc.xml HTTP/1.1\r\nHost: 192.168.1.1:5000\r\nConnection: close\r\n\r\n",
    );
    const chunked = parseResponse(
      Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
      "u",
    );
    assert.equal(chunked.body, "abcde");
    assert.equal(
      parseResponse(Buffer.from("HTTP/1.0 500 X\r\nContent-Length: 2\r\n\r\nokjunk"), "u").body,
      "ok",
    );
  });
});
