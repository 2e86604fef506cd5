/**
 * The package as a user gets it, following the README's "Install" section: `npm pack` of this repository
 * (the built dist/, so `npm test` builds first), installed with `npm install` into an empty project, with
 * no network (`--offline`): the runtime dependencies are installed alongside from this repository's
 * node_modules (as links to those folders). Then, from that project only:
 *
 * - the tarball's file list (built files, LICENSE, the node10 entry of `unified-inference/testing`, no
 *   sources), and every file the manifest points to is in it;
 * - Node imports both entries from ESM and from CommonJS, gets the Node build of the testing kit (with
 *   the loopback server) and makes a call, and so do Deno and Bun; the `unified-inference` command runs;
 * - TypeScript resolves both entries under every `moduleResolution` (node10, node16 ESM and CJS, bundler),
 *   and rejects a wrong import;
 * - a browser bundle of `createMockFetch` (esbuild, webpack 5, and Vite, which bundles with Rollup)
 *   resolves the browser build, imports no `node:` module, and works in a V8 context holding only web APIs;
 * - bundlers get the ESM tree of one file per module (dist/modules/), Node the bundled ESM build: a
 *   browser bundle takes its files from dist/modules/ only, and one of a chat-only import leaves the
 *   modules of other tasks out.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { build as esbuild, type Metafile } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MANIFEST = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
  main: string;
  module: string;
  types: string;
  bin: Record<string, string>;
};

/** The environment for npm: this process's, without what an outer `npm test` passes down to scripts. */
const NPM_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, env: NPM_ENV, encoding: "utf8", timeout: 120_000, stdio: "pipe" });

let project: string;
let packed: { path: string }[] = [];
let pkgDir: string;

beforeAll(() => {
  for (const f of [
    "dist/index.js",
    "dist/testing/index.js",
    "dist/testing/browser.js",
    "dist/cli.js",
    "dist/modules/index.js",
  ]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: build first (npm run build, or npm test)`);
  }
  project = realpathSync(mkdtempSync(join(tmpdir(), "unified-inference-pack-")));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  // `--ignore-scripts`: the tarball of what is built now (`prepare` would build again).
  const ours = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", project], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = ours[0]!.files;
  // The runtime dependencies from this repository's node_modules (npm links a folder), so nothing is fetched.
  const deps = Object.keys(MANIFEST.dependencies).map((dep) => join(ROOT, "node_modules", dep));
  npm(["install", "--offline", "--no-audit", "--no-fund", `./${ours[0]!.filename}`, ...deps], project);
  pkgDir = join(project, "node_modules", MANIFEST.name);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs Node in the consumer project with a script; returns the last line of its stdout, parsed. */
function runNode(file: string, code: string): Record<string, unknown> {
  writeFileSync(join(project, file), code);
  const out = execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8", timeout: 30_000 });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

describe("the packed tarball", () => {
  it("holds the built files, LICENSE, README and the node10 entries of the testing kit and the server, and no sources", () => {
    const paths = packed.map((f) => f.path).sort();
    for (const f of [
      "LICENSE",
      "README.md",
      "package.json",
      "testing/package.json",
      "server/package.json",
      "otel/package.json",
      "redis/package.json",
      "dist/cli.js",
      ...["index", "testing/index", "server/index", "otel/index", "redis/index"].flatMap((e) => [
        `dist/${e}.js`,
        `dist/${e}.cjs`,
        `dist/${e}.d.ts`,
        `dist/${e}.d.cts`,
      ]),
      "dist/testing/browser.js",
      "dist/testing/browser.cjs",
      ...["index", "client", "errors", "testing/browser", "server/index", "otel/index", "redis/index"].map(
        (m) => `dist/modules/${m}.js`,
      ),
    ]) {
      expect(paths, f).toContain(f);
    }
    expect(paths.filter((p) => /^(src|test|scripts|bench|examples|docs)\//.test(p) || p.endsWith(".tgz"))).toEqual([]);
    const license = readFileSync(join(pkgDir, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The unified-inference authors\n/);
    expect(MANIFEST).toMatchObject({ license: "MIT", author: "unified-inference authors" });
    for (const field of ["repository", "homepage", "bugs", "keywords"]) expect(MANIFEST, field).toHaveProperty(field);
  });

  it("has every file that package.json, testing/package.json and server/package.json point to", () => {
    const targets: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") targets.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(MANIFEST.exports);
    walk([MANIFEST.main, MANIFEST.module, MANIFEST.types, MANIFEST.bin]);
    for (const sub of ["testing", "server", "otel", "redis"]) {
      const legacy = JSON.parse(readFileSync(join(pkgDir, sub, "package.json"), "utf8")) as Record<string, string>;
      for (const v of Object.values(legacy)) targets.push(join(sub, v));
    }
    const paths = new Set(packed.map((f) => f.path));
    const missing = targets.map((t) => join(t)).filter((t) => !paths.has(t));
    expect(targets.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe("installed with npm into an empty project", () => {
  it("ESM: both entries import; the testing kit is the Node build, whose server answers a call", () => {
    const r = runNode(
      "esm.mjs",
      `import { InferenceClient } from "unified-inference";
import { startMockProvider } from "unified-inference/testing";
const mock = await startMockProvider();
const client = new InferenceClient(undefined, { endpointUrl: mock.url, maxRetries: 0 });
const out = await client.chatCompletion({ messages: [{ role: "user", content: "from ESM" }] });
await mock.close();
console.log(JSON.stringify({
  content: out.choices[0].message.content,
  main: import.meta.resolve("unified-inference"),
  testing: import.meta.resolve("unified-inference/testing"),
}));
`,
    );
    expect(r.content).toContain("from ESM");
    expect(fileURLToPath(r.main as string)).toBe(join(pkgDir, "dist/index.js"));
    expect(fileURLToPath(r.testing as string)).toBe(join(pkgDir, "dist/testing/index.js"));
  });

  it("CommonJS: both entries require; createMockFetch answers in process", () => {
    const r = runNode(
      "cjs.cjs",
      `const { InferenceClient } = require("unified-inference");
const { createMockFetch, startMockProvider } = require("unified-inference/testing");
const mock = createMockFetch();
const client = new InferenceClient(undefined, { endpointUrl: "http://mock.test", fetch: mock.fetch });
client.chatCompletion({ messages: [{ role: "user", content: "from CommonJS" }] }).then((out) => {
  console.log(JSON.stringify({
    content: out.choices[0].message.content,
    server: typeof startMockProvider,
    main: require.resolve("unified-inference"),
    testing: require.resolve("unified-inference/testing"),
  }));
});
`,
    );
    expect(r.content).toContain("from CommonJS");
    expect(r.server).toBe("function");
    expect(r.main).toBe(join(pkgDir, "dist/index.cjs"));
    expect(r.testing).toBe(join(pkgDir, "dist/testing/index.cjs"));
  });

  it("Deno and Bun (devDependencies) resolve the Node build of the testing kit too, and start its server", () => {
    writeFileSync(
      join(project, "server.mjs"),
      `import { startMockProvider } from "unified-inference/testing";
const mock = await startMockProvider();
console.log(JSON.stringify({ url: mock.url }));
await mock.close();
`,
    );
    const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
    for (const [cmd, args] of [
      [bin("deno"), ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "server.mjs"]],
      [bin("bun"), ["server.mjs"]],
    ] as const) {
      const out = execFileSync(cmd, args, { cwd: project, encoding: "utf8", timeout: 60_000 });
      expect(JSON.parse(out.trim().split("\n").at(-1)!).url, cmd).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it("the unified-inference command is linked and runs", () => {
    const bin = join(project, "node_modules", ".bin", "unified-inference");
    const help = execFileSync(bin, ["--help"], { cwd: project, encoding: "utf8", timeout: 30_000 });
    expect(help).toContain("Usage:");
    expect(help).toContain("unified-inference run <task>");
    const version = execFileSync(bin, ["--version"], { cwd: project, encoding: "utf8", timeout: 30_000 });
    expect(version.trim()).toBe(MANIFEST.version);
  });
});

describe("TypeScript resolves both entries under every moduleResolution", () => {
  const CONSUMER = `import { InferenceClient, InferenceClientError } from "unified-inference";
import { createMockFetch, startMockProvider, type MockProvider } from "unified-inference/testing";
export async function f(): Promise<string> {
  const mock = createMockFetch();
  const client = new InferenceClient("hf_x", { fetch: mock.fetch });
  const server: MockProvider = await startMockProvider();
  const out = await client.chatCompletion({ messages: [{ role: "user", content: "hi" }] });
  const e: unknown = undefined;
  return server.url + String(out.choices[0]?.message.content) + String(e instanceof InferenceClientError);
}
`;
  const WRONG = `import { createMockFetch } from "unified-inference/testing";\nconst n: number = createMockFetch();\nexport { n };\n`;
  const CONFIGS: [name: string, ext: string, options: ts.CompilerOptions][] = [
    ["node10", ".ts", { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
    ["node16 (ESM)", ".mts", { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    ["node16 (CJS)", ".cts", { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    ["bundler", ".ts", { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
  ];
  // Parsed files are shared between the programs (the DOM library alone is large).
  const cache = new Map<string, ts.SourceFile | undefined>();

  /** Diagnostics of the consumer and of the package's declarations, and those of the wrong file, in one program. */
  function check(name: string, ext: string, options: ts.CompilerOptions): { good: string[]; wrong: string[] } {
    const dir = join(project, "ts", name.replace(/\W+/g, "-"));
    const good = join(dir, `consumer${ext}`);
    const wrong = join(dir, `wrong${ext}`);
    const sources = new Map([
      [good, CONSUMER],
      [wrong, WRONG],
    ]);
    const all: ts.CompilerOptions = {
      ...options,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      types: [],
      strict: true,
      noEmit: true,
      // The package's own declarations are checked; TypeScript's libraries are taken as they are.
      skipLibCheck: false,
      skipDefaultLibCheck: true,
    };
    const host = ts.createCompilerHost(all, true);
    const { getSourceFile } = host;
    host.getSourceFile = (f, lang, onError, create) => {
      const text = sources.get(f);
      if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
      if (!cache.has(f)) cache.set(f, getSourceFile.call(host, f, lang, onError, create));
      return cache.get(f);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (f) => sources.has(f) || fileExists(f);
    const program = ts.createProgram({ rootNames: [good, wrong], options: all, host });
    const mode = ext === ".cts" ? ts.ModuleKind.CommonJS : undefined;
    const resolved = ["unified-inference", "unified-inference/testing"].map(
      (spec) =>
        ts.resolveModuleName(spec, good, all, host, undefined, undefined, mode).resolvedModule?.resolvedFileName,
    );
    expect(
      resolved.every((r) => r?.startsWith(pkgDir)),
      `${name}: ${resolved.join(", ")}`,
    ).toBe(true);
    const text = (d: ts.Diagnostic) =>
      `${d.file?.fileName ?? ""} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return {
      good: diagnostics.filter((d) => d.file?.fileName !== wrong).map(text),
      wrong: diagnostics.filter((d) => d.file?.fileName === wrong).map(text),
    };
  }

  it.each(CONFIGS)("%s", (name, ext, options) => {
    const { good, wrong } = check(name, ext, options);
    expect(good).toEqual([]);
    // The same program rejects a wrong use, so the check above could fail.
    expect(wrong.join("\n")).toContain("TS2322");
  });
});

describe("the testing kit in a browser bundle", () => {
  const ENTRY = `import { InferenceClient } from "unified-inference";
import { createMockFetch, startMockProvider } from "unified-inference/testing";
export async function run() {
  const mock = createMockFetch();
  const client = new InferenceClient("hf_test", { endpointUrl: "http://mock.test", fetch: mock.fetch, maxRetries: 0 });
  const out = await client.chatCompletion({ messages: [{ role: "user", content: "in a browser bundle" }] });
  let chunks = 0;
  for await (const c of client.chatCompletionStream({ messages: [{ role: "user", content: "stream it" }] })) {
    if (c.choices[0]?.delta?.content) chunks++;
  }
  const server = await startMockProvider().then(() => "started", (e) => String(e.message));
  return { content: out.choices[0].message.content, chunks, urls: mock.requests.map((r) => r.url), server };
}
`;
  const nodeImport = /\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(\s*["']node:|\bimport\s*["']node:/;

  /** Bundles the entry from the consumer project; returns the code and the package files it took in. */
  async function bundle(platform: "browser" | "node", format: "iife" | "esm") {
    writeFileSync(join(project, "browser-entry.mjs"), ENTRY);
    const out = await esbuild({
      entryPoints: [join(project, "browser-entry.mjs")],
      absWorkingDir: project,
      bundle: true,
      platform,
      format,
      globalName: format === "iife" ? "kit" : undefined,
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const metafile: Metafile = out.metafile;
    const inputs = Object.keys(metafile.inputs);
    const imports = Object.values(metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    return { code: out.outputFiles[0]!.text, inputs, imports };
  }

  /** A V8 context with the web APIs a page has, and none of Node's (no process, Buffer, require). */
  function webContext() {
    const g = globalThis as Record<string, unknown>;
    const names = `Request Response Headers ReadableStream WritableStream TransformStream TextEncoder TextDecoder
      TextDecoderStream URL URLSearchParams Blob FormData File AbortController AbortSignal DOMException Event
      EventTarget structuredClone setTimeout clearTimeout queueMicrotask atob btoa console performance crypto`
      .trim()
      .split(/\s+/);
    const sandbox: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, g[n]]));
    const context = vm.createContext(sandbox);
    vm.runInContext("globalThis.self = globalThis; globalThis.window = globalThis;", context);
    return context;
  }

  /** Runs a bundle of the kit's entry where only web APIs exist: a chat and a stream against the mock fetch. */
  async function runsWithWebApisOnly(code: string) {
    const context = webContext();
    expect(vm.runInContext("typeof process + typeof Buffer + typeof require + typeof fetch", context)).toBe(
      "undefinedundefinedundefinedundefined",
    );
    vm.runInContext(code, context);
    const r = (await vm.runInContext("kit.run()", context)) as Record<string, unknown>;
    expect(r.content).toContain("in a browser bundle");
    expect(r.chunks).toBeGreaterThan(2);
    expect(r.urls).toEqual(["http://mock.test/v1/chat/completions", "http://mock.test/v1/chat/completions"]);
    expect(r.server).toContain("use createMockFetch()");
  }

  it("esbuild (platform browser): the browser build, no node: import, and it works with only web APIs", async () => {
    const { code, inputs, imports } = await bundle("browser", "iife");
    expect(inputs.some((i) => i.endsWith("node_modules/unified-inference/dist/modules/testing/browser.js"))).toBe(true);
    expect(inputs.some((i) => i.endsWith("node_modules/unified-inference/dist/testing/index.js"))).toBe(false);
    // The library and its testing kit both come from the tree of modules, so they share one copy of each.
    const ours = inputs.filter((i) => i.includes("node_modules/unified-inference/"));
    expect(ours.filter((i) => !i.includes("node_modules/unified-inference/dist/modules/"))).toEqual([]);
    expect(ours).toContain("node_modules/unified-inference/dist/modules/index.js");
    expect(imports.filter((p) => p.startsWith("node:") || /^(http|fs|net|stream|buffer)$/.test(p))).toEqual([]);
    expect(code).not.toMatch(nodeImport);

    await runsWithWebApisOnly(code);
  });

  it("esbuild (platform browser): a chat-only import takes only the modules it needs from dist/modules/", async () => {
    writeFileSync(join(project, "chat-entry.mjs"), `export { chatCompletion } from "unified-inference";\n`);
    const out = await esbuild({
      entryPoints: [join(project, "chat-entry.mjs")],
      absWorkingDir: project,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const prefix = "node_modules/unified-inference/dist/modules/";
    // The modules whose code is in the bundle (the bundler reads every module it could need, and keeps some).
    const output = Object.values(out.metafile.outputs)[0]!;
    const ours = Object.entries(output.inputs)
      .filter(([i, info]) => i.includes("node_modules/unified-inference/") && info.bytesInOutput > 0)
      .map(([i]) => i);
    expect(ours.every((i) => i.startsWith(prefix))).toBe(true);
    expect(ours).toContain(`${prefix}tasks/nlp/chat-completion.js`);
    // "sideEffects": false lets the bundler skip whole modules: no other task, no testing kit, no server.
    // Of tasks/, only the chat task and the runner it needs.
    const kept = ours.filter(
      (i) =>
        /\/(testing|server|catalog)/.test(i) ||
        /\/tasks\/(?!(timeouts|fallback|run|define|nlp\/chat-completion)\.js$)/.test(i),
    );
    expect(kept).toEqual([]);
  });

  it("esbuild (platform node) takes the Node build instead, with its server", async () => {
    const { inputs, imports } = await bundle("node", "esm");
    expect(inputs.some((i) => i.endsWith("node_modules/unified-inference/dist/testing/index.js"))).toBe(true);
    expect(imports).toContain("node:http");
  });

  it("webpack 5 (target web, production, no Node polyfills): the browser build, no node: module, and it works with only web APIs", async () => {
    const { default: webpack } = await import("webpack");
    writeFileSync(join(project, "browser-entry.mjs"), ENTRY);
    const outDir = join(project, "webpack-out");
    const compiler = webpack({
      context: project,
      entry: join(project, "browser-entry.mjs"),
      target: "web",
      mode: "production",
      devtool: false,
      // webpack 5 adds no Node polyfills itself; `resolve.fallback` is left empty, so a Node module fails the build.
      output: { path: outDir, filename: "kit.js", library: { name: "kit", type: "var" } },
      performance: { hints: false },
      infrastructureLogging: { level: "none" },
    });
    const stats = await new Promise<import("webpack").Stats>((resolve, reject) =>
      compiler.run((err, s) => compiler.close(() => (err || !s ? reject(err ?? new Error("no stats")) : resolve(s)))),
    );
    const info = stats.toJson({ all: false, errors: true, warnings: true, modules: true, nestedModules: true });
    expect(info.errors ?? []).toEqual([]);
    expect(info.warnings ?? []).toEqual([]);
    const names = (info.modules ?? []).flatMap((m) => [m.name ?? "", ...(m.modules ?? []).map((n) => n.name ?? "")]);
    expect(names.some((n) => n.endsWith("node_modules/unified-inference/dist/modules/testing/browser.js"))).toBe(true);
    expect(names.some((n) => n.endsWith("node_modules/unified-inference/dist/testing/index.js"))).toBe(false);
    expect(names.filter((n) => /\bnode:|^(external )?"?(http|fs|net|stream|buffer)"?$/.test(n))).toEqual([]);
    const code = readFileSync(join(outDir, "kit.js"), "utf8");
    expect(code).not.toMatch(nodeImport);

    await runsWithWebApisOnly(code);
  });

  it("Vite (Rollup) for the browser: the browser build, no node: import", async () => {
    const { build } = await import("vite");
    writeFileSync(join(project, "browser-entry.mjs"), ENTRY);
    const result = await build({
      configFile: false,
      root: project,
      logLevel: "silent",
      build: {
        write: false,
        minify: false,
        lib: { entry: join(project, "browser-entry.mjs"), formats: ["es"], fileName: "kit" },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as {
      output: { type: string; code?: string; moduleIds?: string[] }[];
    }[];
    const chunks = outputs.flatMap((o) => o.output).filter((c) => c.type === "chunk");
    const ids = chunks.flatMap((c) => c.moduleIds ?? []);
    expect(ids.some((i) => i.endsWith("dist/modules/testing/browser.js"))).toBe(true);
    expect(ids.some((i) => i.endsWith("dist/testing/index.js"))).toBe(false);
    for (const c of chunks) expect(c.code).not.toMatch(nodeImport);
  });
});
