/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { INFERENCE_PROVIDERS, PROVIDERS_OR_POLICIES } from "../src/types.js";

const modules = import.meta.glob("../src/tasks/**/*.ts", { eager: true }) as Record<string, Record<string, unknown>>;
interface Def {
  task: string;
  adapters: Record<string, { job?: unknown } | undefined>;
  runJob?: unknown;
  timeout: number;
}
const defs: [string, Def][] = [];
for (const [file, mod] of Object.entries(modules)) {
  for (const [name, v] of Object.entries(mod)) {
    if (v && typeof v === "object" && "task" in v && "adapters" in v) defs.push([`${file}:${name}`, v as Def]);
  }
}

describe("task definitions", () => {
  it("are found", () => {
    expect(defs.length).toBeGreaterThanOrEqual(32);
  });
  it("carry the job runner exactly when one of their adapters describes a job", () => {
    for (const [name, def] of defs) {
      const hasJob = Object.values(def.adapters).some((a) => a?.job);
      expect(!!def.runJob, `${name} (${def.task})`).toBe(hasJob);
    }
  });
  it("have a finite default timeout", () => {
    for (const [name, def] of defs) expect(def.timeout, name).toBeGreaterThan(0);
  });
  it("list every provider, plus the auto policy", () => {
    expect([...PROVIDERS_OR_POLICIES]).toEqual([...INFERENCE_PROVIDERS, "auto"]);
  });
});

describe("the client's task methods, installed from the task list", () => {
  it("work detached from the client, as the reference's do, and a subclass's own method wins", async () => {
    const { InferenceClient } = await import("../src/index.js");
    const { createMockFetch } = await import("../src/testing/index.js");
    const mock = createMockFetch();
    mock.mapModel("m/e", [{ provider: "hf-inference", providerId: "m/e", task: "feature-extraction" }]);
    const client = new InferenceClient("hf_test_token_0123", { fetch: mock.fetch });
    const { featureExtraction } = client;
    const out = await featureExtraction({ model: "m/e", provider: "hf-inference", inputs: "hi" });
    expect(Array.isArray(out)).toBe(true);
    expect(Object.keys(client)).not.toContain("featureExtraction");

    class Mine extends InferenceClient {
      // @ts-expect-error -- the task methods are typed as properties (as the reference types them); a method
      // of a subclass still overrides one at run time.
      override fillMask(): never {
        throw new Error("the subclass's fillMask");
      }
    }
    const mine = new Mine("hf_test_token_0123", { fetch: mock.fetch });
    expect(() => mine.fillMask()).toThrow("the subclass's fillMask");
    expect(typeof mine.summarization).toBe("function");
  });
});
