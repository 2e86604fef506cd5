// Entry point for the server-side runtimes of the matrix (Node, Deno, Bun): runs the smoke checks against
// the mock provider whose URL is the first argument, prints one JSON line with the results.
import * as lib from "../../dist/index.js";
import { smoke } from "./smoke-core.mjs";

const mockUrl = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
const results = await smoke(lib, mockUrl);
console.log(JSON.stringify({ results }));
