// npm run gen:appliance-types — writes schemas/generated/appliance-config.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderApplianceTypes } from "./render-types.ts";

const file = new URL("../generated/appliance-config.ts", import.meta.url);
mkdirSync(new URL(".", file), { recursive: true });
writeFileSync(file, await renderApplianceTypes());
console.log("wrote schemas/generated/appliance-config.ts");
