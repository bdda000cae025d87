#!/usr/bin/env node
// Launcher: lets Node run the TypeScript sources through tsx.
import { register } from "tsx/esm/api";

register();
await import("./pibx.ts");
