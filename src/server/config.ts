/** The configuration of the proxy handler, and the handler's type. */
/** A request limit: at most `requests` calls per `windowMs` (a fixed in-memory window per user). */
export interface RateLimit {
  /** Calls allowed per window. */
  requests: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

/** What `authorize` returns for an accepted request. */
export interface Authorization {
  /** Who is calling: the key of the request limit. Default: one shared key. */
  user?: string;
  /** Bill this organisation (`X-HF-Bill-To`, sent to the Hugging Face router only). */
  billTo?: string;
  /** This user's request limit (overrides `config.rateLimit`). */
  rateLimit?: RateLimit;
}

/** `authorize` refuses with `false` (403), or with `{ status: 401 | 403, message? }`. */
export type AuthorizeResult =
  | Authorization
  | {
      /** 401 (who is calling is not known) or 403 (not allowed). */
      status: 401 | 403;
      /** The message the browser receives. */
      message?: string;
    }
  | false
  | void;

/** The configuration of `createInferenceHandler`. */
export interface InferenceHandlerConfig {
  /** The token every upstream call uses (a Hugging Face `hf_...` token, routed through the router). */
  accessToken?: string;
  /** Providers' own keys, by provider name: a call to that provider uses its key instead of `accessToken`. */
  providerKeys?: Record<string, string>;
  /**
   * What browsers may call. Deny by default: a task, model or provider not listed is refused with 403.
   * `tasks`: pipeline tasks (`conversational`) or method names (`chatCompletion`). `models`: Hub ids, `*`
   * matching any characters (`Qwen/*`, `*`). `providers`: provider names; when omitted only `"auto"` (or no
   * provider) is accepted, which lets the Hugging Face router choose.
   */
  allow: {
    /** Pipeline tasks or client method names. */
    tasks: string[];
    /** Hub model ids, `*` matching any characters. */
    models: string[];
    /** Provider names (default: only `"auto"`). */
    providers?: string[];
  };
  /** Decide per request who calls (cookies, session headers...): refuse, or give a user, `billTo`, limits. */
  authorize?: (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Largest request body accepted, in bytes (413 above it). @default 10485760 (10 MiB) */
  maxBodyBytes?: number;
  /** Request limit per user (see `authorize`). Default: none. */
  rateLimit?: RateLimit;
  /** CORS for cross-origin browser pages. Default: no CORS headers (same-origin pages only). */
  cors?: {
    /** The origins allowed: one, a list, `"*"`, or a function that decides. */
    origin: string | string[] | ((origin: string) => boolean);
    /** Allow cookies (`access-control-allow-credentials`); the origin is then echoed, never `*`. */
    credentials?: boolean;
  };
  /** Inference Endpoints or local servers by model id: calls for these models go there (URLs from config only). */
  endpoints?: Record<string, string>;
  /** The `fetch` for upstream calls (tests). */
  fetch?: typeof fetch;
  /** Bound on each upstream call, in ms (the task's default otherwise). */
  timeout?: number;
}

/** The handler: a web-standard function from a `Request` to a `Response`. */
export type InferenceHandler = (request: Request) => Promise<Response>;
