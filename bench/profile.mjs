// CPU profile of one library on one scenario, for finding hot spots (not part of `npm run bench`).
// Usage: node bench/profile.mjs <chat|burst|paced|normalized|image> [unified-inference|@huggingface/inference|fetch] [seconds]
// (fetch: chat only). Profiles dist/ (build first), or the index.js named by BENCH_DIST.
// Starts the bench server in a child process, runs the client under --cpu-prof in another, and prints the
// functions with the most self time (and their share of all samples).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [scenario = "chat", lib = "unified-inference", seconds = "8"] = process.argv.slice(2);

if (!["chat", "burst", "paced", "normalized", "image"].includes(scenario))
  throw new Error(`unknown scenario ${scenario}`);
if (lib === "fetch" && scenario !== "chat") throw new Error("the fetch floor is profiled for chat only");
if (lib !== "unified-inference" && scenario === "normalized") throw new Error("normalize: true is ours only");

if (process.env.BENCH_PROFILE_CHILD) {
  // The profiled client.
  const base = process.env.BENCH_BASE;
  const TOKEN = "hf_benchmarktoken0123456789";
  const messages = [{ role: "user", content: "Tell me about the quick brown fox." }];
  const mod =
    lib === "fetch"
      ? undefined
      : lib === "unified-inference"
        ? await import(process.env.BENCH_DIST ? pathToFileURL(process.env.BENCH_DIST).href : "../dist/index.js")
        : await import("@huggingface/inference");
  const chat = mod
    ? () => mod.chatCompletion({ accessToken: TOKEN, endpointUrl: `${base}/json`, model: "m", messages })
    : async () =>
        (
          await fetch(`${base}/json/v1/chat/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify({ model: "m", messages }),
          })
        ).json();
  const stream = async (kind, options) => {
    for await (const c of mod.chatCompletionStream(
      { accessToken: TOKEN, endpointUrl: `${base}/${kind}`, model: "m", messages },
      options,
    ))
      void c;
  };
  const image = () =>
    mod.textToImage({ accessToken: TOKEN, endpointUrl: `${base}/image`, model: "m", inputs: "a cat" });
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) {
    if (scenario === "chat") await chat();
    else if (scenario === "paced") await Promise.all(Array.from({ length: 8 }, () => stream("paced")));
    else if (scenario === "normalized") await stream("burst", { normalize: true });
    else if (scenario === "image") await image();
    else await stream("burst");
  }
  process.exit(0);
}

const server = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve) => {
  let buf = "";
  server.stdout.on("data", (d) => {
    buf += d;
    if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]).port);
  });
});
const dir = mkdtempSync(join(tmpdir(), "ui-prof-"));
const profiled = new Promise((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-dir", dir, fileURLToPath(import.meta.url), scenario, lib, seconds],
    {
      env: { ...process.env, BENCH_PROFILE_CHILD: "1", BENCH_BASE: `http://127.0.0.1:${port}` },
      stdio: "inherit",
    },
  );
  child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`profiled client exited ${code}`))));
});
try {
  await profiled;
} finally {
  server.kill();
}

const file = join(
  dir,
  readdirSync(dir).find((f) => f.endsWith(".cpuprofile")),
);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (const id of profile.samples) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(dist|bench)\//, "$1/")}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
console.log(`${file}\n${total} samples; top self time:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
