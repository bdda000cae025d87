// npm run gen:docs — writes docs/lab-reference.md.
import { writeFileSync } from "node:fs";
import { renderDocs } from "./render-docs.ts";

export const docsFile = new URL("../../docs/lab-reference.md", import.meta.url);

writeFileSync(docsFile, renderDocs());
console.log("wrote docs/lab-reference.md");
