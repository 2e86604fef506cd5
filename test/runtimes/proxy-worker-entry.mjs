// The proxy worker of the runtime matrix (workerd), bundled by esbuild: its fetch handler is the token-keeping
// proxy of `unified-inference/server` (see proxy-core.mjs); the runner calls it over loopback.
import * as server from "../../dist/modules/server/index.js";
import * as testing from "../../dist/modules/testing/browser.js";
import { createProxyApp } from "./proxy-core.mjs";

const app = createProxyApp(server, testing);

export default {
  fetch(request) {
    return app(request);
  },
};
