/**
 * Errors recognised across copies of the library: the built ESM file (dist/index.js) and the built CJS file
 * (dist/index.cjs) loaded side by side in one plain Node process, plus a second, fresh CJS copy standing for
 * another installed version. An error thrown by one copy is `instanceof` the other copies' classes, and only
 * of the classes it belongs to. A child process, so that each copy is loaded by Node itself as an app's
 * runtime would load it. Needs the build (`npm test` builds first).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const built = existsSync(join(DIST, "index.js")) && existsSync(join(DIST, "index.cjs"));

/** Loads the copies, makes each throw, and prints every check as `name: boolean` (JSON). */
const SCRIPT = `
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const dist = process.argv[2];
const require = createRequire(import.meta.url);
const esm = await import(pathToFileURL(dist + "index.js").href);
/** A CJS copy of its own: every file of dist/ dropped from the require cache first. */
const freshCjs = () => {
  for (const k of Object.keys(require.cache)) if (k.startsWith(dist)) delete require.cache[k];
  return require(dist + "index.cjs");
};
const cjs = freshCjs();
const other = freshCjs();
const answering = (status) => async () =>
  new Response(JSON.stringify({ error: "nope" }), { status, headers: { "content-type": "application/json" } });
const fail = async (f) => { try { await f(); } catch (e) { return e; } return undefined; };
const chat = (lib, status) => fail(() => lib.chatCompletion(
  { endpointUrl: "https://endpoint.example.com", messages: [{ role: "user", content: "Hi" }] },
  { fetch: answering(status), retry_on_error: false },
));
const rateLimited = await chat(esm, 429);
const serverFailed = await chat(cjs, 503);
const badInput = await fail(() => other.chatCompletion(null));
class Mine extends esm.InferenceClientInputError {}
const mine = new Mine("mine");
const out = {
  copiesDistinct: esm.InferenceClientError !== cjs.InferenceClientError && cjs.InferenceClientError !== other.InferenceClientError,
  esm429IsOwnRateLimit: rateLimited instanceof esm.InferenceClientRateLimitError,
  esm429IsCjsRateLimit: rateLimited instanceof cjs.InferenceClientRateLimitError,
  esm429IsOtherRateLimit: rateLimited instanceof other.InferenceClientRateLimitError,
  esm429IsCjsProviderApi: rateLimited instanceof cjs.InferenceClientProviderApiError,
  esm429IsCjsBase: rateLimited instanceof cjs.InferenceClientError,
  esm429IsError: rateLimited instanceof Error,
  esm429IsIsInstance: other.InferenceClientRateLimitError.isInstance(rateLimited),
  esm429IsCjsServer: rateLimited instanceof cjs.InferenceClientServerError,
  esm429IsCjsHub: rateLimited instanceof cjs.InferenceClientHubApiError,
  esm429IsCjsTimeout: cjs.InferenceClientTimeoutError.isInstance(rateLimited),
  esm429Name: rateLimited?.name,
  cjs503IsEsmServer: serverFailed instanceof esm.InferenceClientServerError,
  cjs503IsEsmProviderApi: esm.InferenceClientProviderApiError.isInstance(serverFailed),
  cjs503IsEsmRateLimit: serverFailed instanceof esm.InferenceClientRateLimitError,
  inputIsEsmInput: badInput instanceof esm.InferenceClientInputError,
  inputIsCjsInput: badInput instanceof cjs.InferenceClientInputError,
  inputIsEsmRouting: badInput instanceof esm.InferenceClientRoutingError,
  foreignRecognised: [new Error("x"), { name: "ProviderApiError" }, null, undefined, "InputError", 42]
    .some((x) => x instanceof esm.InferenceClientError || cjs.InferenceClientProviderApiError.isInstance(x)),
  callerSubclassOwn: mine instanceof Mine,
  callerSubclassIsCjsInput: mine instanceof cjs.InferenceClientInputError,
  plainInputIsCallerSubclass: new esm.InferenceClientInputError("x") instanceof Mine,
};
console.log(JSON.stringify(out));
`;

describe.skipIf(!built)(
  `errors across the ESM and CJS builds and two copies${built ? "" : " — SKIPPED: run `npm run build` first (npm test does)"}`,
  () => {
    it("an error thrown by one copy is an instance of the other copies' classes, and only of its own kinds", () => {
      const dir = mkdtempSync(join(tmpdir(), "ui-brand-"));
      try {
        const file = join(dir, "copies.mjs");
        writeFileSync(file, SCRIPT);
        const r = spawnSync(process.execPath, [file, DIST], { encoding: "utf8", timeout: 30_000 });
        expect(r.stderr).toBe("");
        expect(JSON.parse(r.stdout)).toEqual({
          copiesDistinct: true,
          esm429IsOwnRateLimit: true,
          esm429IsCjsRateLimit: true,
          esm429IsOtherRateLimit: true,
          esm429IsCjsProviderApi: true,
          esm429IsCjsBase: true,
          esm429IsError: true,
          esm429IsIsInstance: true,
          esm429IsCjsServer: false,
          esm429IsCjsHub: false,
          esm429IsCjsTimeout: false,
          esm429Name: "ProviderApiError",
          cjs503IsEsmServer: true,
          cjs503IsEsmProviderApi: true,
          cjs503IsEsmRateLimit: false,
          inputIsEsmInput: true,
          inputIsCjsInput: true,
          inputIsEsmRouting: false,
          foreignRecognised: false,
          callerSubclassOwn: true,
          callerSubclassIsCjsInput: true,
          plainInputIsCallerSubclass: false,
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
