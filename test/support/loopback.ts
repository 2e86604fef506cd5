/**
 * The loopback mock provider (src/testing) as test files use it: one server per file, a clean state before
 * each test, and the counts tests make of the requests that reached it.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { clearMappingCache, clearModelMappings } from "../../src/index.js";
import { startMockProvider, type MockCore, type MockProvider, type MockRequest } from "../../src/testing/index.js";
import { fastWaits } from "./waits.js";

export interface MockSetup {
  /** Job polls run at this fraction of their real intervals while the file's tests run. */
  pollScale?: number;
}

/**
 * Starts the mock provider before the file's tests and closes it after them. Before each test: the mock
 * forgets its routes, requests and Hub mappings, the client's mapping cache and local mappings are cleared,
 * and retry waits end at once (test/support/waits.ts; an abort still cuts them short); after each test the
 * real waits come back. Call it at the top of the file, before the file's own hooks, which
 * then run after these. The value returned stands for the server once it is started.
 */
export function useMockProvider(setup: MockSetup = {}): MockProvider {
  let mock: MockProvider | undefined;
  let waits: ReturnType<typeof fastWaits> | undefined;
  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(async () => {
    clearMappingCache();
    clearModelMappings();
    await mock?.close();
  });
  beforeEach(() => {
    mock!.reset(true);
    clearMappingCache();
    clearModelMappings();
    waits = fastWaits({ retry: 0, poll: setup.pollScale ?? 1 });
  });
  afterEach(() => {
    waits?.restore();
  });
  return new Proxy({} as MockProvider, {
    get(_, key) {
      if (!mock) throw new Error("the mock provider is used before it started (outside a test or hook)");
      const v: unknown = Reflect.get(mock, key);
      return typeof v === "function" ? v.bind(mock) : v;
    },
  });
}

/** Whether a recorded request went to the Hub (a mapping or default-model look-up). */
export const toHub = (r: MockRequest): boolean => r.host === "huggingface.co";

/** Whether a recorded request went anywhere but the Hub (a provider, a poll, a download). */
export const notHub = (r: MockRequest): boolean => !toHub(r);

/** The requests that reached the Hub, and those that reached a provider (anything else). */
export const hubRequests = (mock: MockCore): MockRequest[] => mock.requests.filter(toHub);
export const inferenceRequests = (mock: MockCore): MockRequest[] => mock.requests.filter(notHub);

/** A plain HTTP server of a test on a free loopback port. */
export interface Loopback {
  server: Server;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Drops open connections (a stream left hanging included) and closes the server. */
  close(): Promise<void>;
}

/** Starts `handler` on a free loopback port, for tests whose server does what the mock provider cannot. */
export async function listenLoopback(handler: RequestListener): Promise<Loopback> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
