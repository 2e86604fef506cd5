// Entry point of the Workers-style runtime (workerd), bundled by esbuild: each request runs the smoke checks
// against the mock provider named in its `?mock=` query and answers with the results as JSON.
import * as lib from "../../dist/modules/index.js";
import { smoke } from "./smoke-core.mjs";

export default {
  async fetch(request) {
    const mockUrl = new URL(request.url).searchParams.get("mock");
    const results = await smoke(lib, mockUrl);
    return new Response(JSON.stringify({ results }), { headers: { "content-type": "application/json" } });
  },
};
