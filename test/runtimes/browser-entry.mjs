// Entry point of the browser page of the matrix, bundled by esbuild: runs the smoke checks against the mock
// provider named in the page's `?mock=` query (another origin, so every call is a real CORS request).
import * as lib from "../../dist/modules/index.js";
import { smoke } from "./smoke-core.mjs";

const mockUrl = new URL(location.href).searchParams.get("mock");
smoke(lib, mockUrl).then(
  (results) => {
    globalThis.__smoke = { results };
  },
  (e) => {
    globalThis.__smoke = { error: String(e?.stack ?? e) };
  },
);
