/** The shapes of the mock provider's requests and replies, shared by all its routes. */
/** A request the mock received, as rules, handlers and `mock.requests` see it. */
export interface MockRequest {
  /** The HTTP method. */
  method: string;
  /** The URL the client meant to reach (for forwarded requests, the original provider URL). */
  url: string;
  /** The host of `url` (with its port, if any). */
  host: string;
  /** The path of `url`. */
  path: string;
  /** The query of `url`. */
  query: URLSearchParams;
  /** Header names lowercased. */
  headers: Record<string, string>;
  /** Raw body bytes. */
  bytes: Uint8Array;
  /** Body as UTF-8 text. */
  text: string;
  /** Parsed JSON body, when it was JSON. */
  json?: any;
}

/** What the mock answers: a body (JSON, text, bytes, SSE events or raw pieces), with timing and faults. */
export interface MockReply {
  /** @default 200 */
  status?: number;
  /** Answer headers (the content type follows the body unless set here). */
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A text body. */
  text?: string;
  /** A binary body (with `headers["content-type"]`). */
  bytes?: Uint8Array;
  /** SSE events: objects are JSON-encoded, strings sent as the data line as is. */
  events?: unknown[];
  /** End an SSE stream with `data: [DONE]` (default true). */
  done?: boolean;
  /** Raw body pieces, written one at a time (with `chunkDelayMs` between). */
  chunks?: (string | Uint8Array)[];
  /** Wait before sending headers. */
  delayMs?: number;
  /** Wait between body pieces or events. */
  chunkDelayMs?: number;
  /** Never answer (the client's timeouts must act). */
  hang?: boolean;
  /** Keep the connection open without ending after the body pieces. */
  stall?: boolean;
  /** Fault injection: destroy the socket before headers, or after the body pieces were written. */
  destroy?: "before-headers" | "mid-body";
}

/** Computes a reply for a request; `undefined` leaves the request to the next rule or the default routes. */
export type MockHandler = (req: MockRequest) => MockReply | undefined | Promise<MockReply | undefined>;
