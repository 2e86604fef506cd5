/**
 * The example app (examples/proxy-app, `npm run demo:proxy`): started as its own process on a free port, it
 * serves a page with no token and, on the same origin, the proxy that calls the mock provider with the
 * server's token. The page and the proxy route are fetched over loopback; with Chromium present (Debian's
 * `chromium`, as in test/server-browser.test.ts) the page is loaded headless and the answer it renders is read.
 * Skipped without dist/ (the app runs the built package).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/chromium.js";
import { mockAnswer } from "../src/testing/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SERVER = fileURLToPath(new URL("../examples/proxy-app/server.mjs", import.meta.url));
const TOKEN = "hf_example_server_token";
const built = existsSync(new URL("../dist/server/index.js", import.meta.url));

let child: ChildProcess;
let origin: string;
let exited: Promise<number | null>;
let output = "";

beforeAll(async () => {
  if (!built) return;
  child = spawn(process.execPath, [SERVER, "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  exited = new Promise((r) => child.on("exit", (code) => r(code)));
  origin = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`the app exited with ${code}: ${output}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
});

async function chat(model: string, content: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${origin}/api/inference/conversational`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ args: { model, messages: [{ role: "user", content }] } }),
  });
  return { status: res.status, text: await res.text() };
}

describe.skipIf(!built)("the proxy example app", () => {
  it("prints its URL and serves the page and its bundled script, with no token in either", async () => {
    expect(output).toContain(`open ${origin}/`);
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).toContain('id="answer"');
    const script = await fetch(`${origin}/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const js = await script.text();
    expect(js).toContain("/api/inference");
    expect(js).not.toContain(TOKEN);
    expect(html).not.toContain(TOKEN);
    expect((await fetch(`${origin}/nothing-here`)).status).toBe(404);
  });

  it("answers a chat on its proxy route and refuses a model it does not allow", async () => {
    const ok = await chat("Qwen/Qwen3-32B", "Hello proxy app");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).choices[0].message.content).toBe(mockAnswer("Hello proxy app"));
    const denied = await chat("meta-llama/Llama-3.3-70B-Instruct", "Hello");
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text).error).toMatchObject({ status: 403 });
    expect(`${ok.text}${denied.text}`).not.toContain(TOKEN);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    "renders the streamed answer in headless Chromium, and the refusal as a typed error",
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const requested: string[] = [];
        page.on("request", (r) => requested.push(r.url()));
        await page.goto(`${origin}/`);
        const prompt = "Which city is the capital?";
        await page.fill("#prompt", prompt);
        await page.click("button");
        await page.waitForSelector('#answer[data-state="done"], #answer[data-state="error"]', { timeout: 60_000 });
        expect(await page.getAttribute("#answer", "data-state")).toBe("done");
        expect(await page.textContent("#answer")).toBe(mockAnswer(prompt));

        await page.selectOption("#model", "meta-llama/Llama-3.3-70B-Instruct");
        await page.click("button");
        await page.waitForSelector('#answer[data-state="error"]', { timeout: 60_000 });
        expect(await page.textContent("#answer")).toMatch(/^ProviderApiError \(403\)/);

        expect(requested.filter((u) => u.includes("/api/inference/"))).toHaveLength(2);
        expect(requested.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
        expect(await page.content()).not.toContain(TOKEN);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it("stops cleanly on Ctrl-C (SIGINT)", async () => {
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
