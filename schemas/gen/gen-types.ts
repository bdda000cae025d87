// npm run gen:types — writes schemas/generated/lab.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderTypes } from "./render-types.ts";

export const typesFile = new URL("../generated/lab.ts", import.meta.url);

mkdirSync(new URL(".", typesFile), { recursive: true });
writeFileSync(typesFile, await renderTypes());
console.log("wrote schemas/generated/lab.ts");
