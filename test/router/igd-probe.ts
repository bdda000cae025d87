// Run inside a namespace (`node --import tsx test/router/igd-probe.ts <router address>`): SSDP
// discovery and the IGD client on this host's own sockets (the direct transport); prints JSON.
import { IgdClient } from "../../infra/router/home/igd-client.ts";
import { directTransport } from "../../infra/router/home/igd-transport.ts";
import { ssdpSearch } from "../../infra/router/home/ssdp.ts";

const router = process.argv[2] ?? "192.168.1.1";
const locations = await ssdpSearch(router, 3000);
const client = await IgdClient.open(directTransport(), { routerAddress: router });
const mappings = await client.listPortMappings();
console.log(
  JSON.stringify({
    locations,
    serviceType: client.service.serviceType,
    externalAddress: await client.externalAddress(),
    mappings: mappings.length,
  }),
);
