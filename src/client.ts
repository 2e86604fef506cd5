import type { TASK_NAMES } from "./tasks/names.js";
import type { TaskMethods } from "./tasks/methods.js";
import type { InferenceTask, LimitOptions, Options, RequestArgs } from "./types.js";
import { createLimiter } from "./limits/limiter.js";
import { chatCompletionsAlias, type ChatCompletions } from "./openai-alias.js";
import { checkEndpointUrl, checkOptions, checkRetryBudget } from "./options-check.js";
import { RetryBudget, type RetryBudgetOptions } from "./transport/budget.js";
import { observe } from "./meta.js";
import type { Observed } from "./tasks/run.js";
import type { CatalogOptions, RouterModel } from "./catalog.js";
import {
  METHODS,
  bulkIter,
  bulkMap,
  getModel,
  listModels,
  request,
  streamingRequest,
  taskRunner,
  viaProxy,
} from "./client-deps.js";
import type {
  BulkArgs,
  BulkCallOptions,
  BulkClient,
  BulkItem,
  BulkIterOptions,
  BulkOptions,
  BulkResult,
  BulkTaskName,
  BulkValue,
} from "./bulk.js";

export type ClientOptions = Options &
  LimitOptions & {
    /** Send every call to this URL (an Inference Endpoint or a local OpenAI-compatible server), unless a call names its own. */
    endpointUrl?: string;
    /**
     * The client's retry budget, shared by all its calls (and those of its `endpoint()` clients), so that an
     * outage does not multiply traffic: a bucket of 500 tokens, each retry spending 5 (10 after a connection
     * failure or a timeout), each success earning 1 back (or what its last retry cost). While it is short,
     * failures are not retried and the error carries `notRetried: "budget-spent"`. `false`: no budget (each
     * call still has `maxRetries`).
     */
    retryBudget?: false | RetryBudgetOptions;
  };

// The task methods' types: one declaration per task, with its documentation. The constructor installs every one
// of them (from the same list, which tasks/list.ts checks against these types), so none is left uninitialised.
// oxlint-disable-next-line typescript-eslint/no-unsafe-declaration-merging
export interface InferenceClient extends TaskMethods {}

/**
 * Holds a token and default options, and exposes every task as a method. Call arguments win over the
 * client's token and endpoint; call options win over the client's options.
 * @example
 * const client = new InferenceClient(process.env.HF_TOKEN);
 * const out = await client.chatCompletion({ model: "Qwen/Qwen3-32B", messages: [{ role: "user", content: "Hi" }] });
 */
export class InferenceClient {
  // Private fields are not enumerable and not shown by util.inspect: the token cannot leak through logging.
  readonly #accessToken: string;
  readonly #defaults: Options;
  readonly #endpointUrl: string | undefined;
  #chat: { completions: ChatCompletions } | undefined;

  /** Bad options (a wrong type, a header that cannot be sent, an endpoint URL with a password) throw `InferenceClientInputError` here. */
  constructor(accessToken = "", defaultOptions: ClientOptions = {}) {
    checkOptions(defaultOptions);
    const { endpointUrl, limits, circuit, onCircuit, limitStore, retryBudget, ...rest } = defaultOptions ?? {};
    checkEndpointUrl(endpointUrl);
    checkRetryBudget(retryBudget);
    // One retry budget for every call of this client (and of its `endpoint` clients, which get it in `rest`).
    const bucket = rest as { retryBucket?: RetryBudget };
    if (retryBudget === false) delete bucket.retryBucket;
    else bucket.retryBucket ??= new RetryBudget(retryBudget);
    this.#accessToken = accessToken ?? "";
    this.#defaults = rest;
    // Client-wide limits: one limiter shared by every call of this client (and of its `endpoint` clients).
    const limiter =
      (rest as { limiter?: unknown }).limiter ??
      (limits || circuit || onCircuit || limitStore
        ? createLimiter({ limits, circuit, onCircuit, limitStore })
        : undefined);
    if (limiter) (rest as { limiter?: unknown }).limiter = limiter;
    this.#endpointUrl = endpointUrl;
    // The task methods, from the one list of tasks: own, non-enumerable properties of each instance (as the
    // reference defines them: `const { chatCompletion } = client` works), so that printing a client shows none
    // of them. A method a subclass defines wins over the listed one. (Their runners: client-deps.ts.)
    for (const name in METHODS) {
      if (name in this) continue;
      const run = taskRunner(name as keyof typeof TASK_NAMES);
      Object.defineProperty(this, name, {
        value: (args: object, options?: Options) => run(this.#a(args), this.#o(options)),
        writable: true,
        configurable: true,
      });
    }
  }

  /**
   * The `openai` SDK's call shape: `client.chat.completions.create({ model, messages, stream })`.
   * @example
   * const res = await client.chat.completions.create({ model: "Qwen/Qwen3-32B", messages: [{ role: "user", content: "Hi" }] });
   */
  get chat(): {
    /** `create(params, options)`: a chat completion, or with `stream: true` a stream of chunks. */
    completions: ChatCompletions;
  } {
    return (this.#chat ??= chatCompletionsAlias((args, options) => [this.#a(args), this.#o(options)]));
  }

  /**
   * The router's catalog (`/v1/models`): models with their providers, prices (USD per 1M tokens), context
   * length and speed, fetched with this client's token and options, cached for 5 minutes.
   * @example
   * const model = await client.models.get("Qwen/Qwen3-32B");
   */
  get models(): {
    /** Every model of the router's catalog, with its providers. */
    list(options?: CatalogOptions): Promise<RouterModel[]>;
    /** One model of the router's catalog by id (a routing suffix such as `:fastest` is dropped); a model not served is a 404 error. */
    get(id: string, options?: CatalogOptions): Promise<RouterModel>;
  } {
    const o = (options?: CatalogOptions): CatalogOptions => ({
      ...this.#defaults,
      ...(this.#accessToken ? { accessToken: this.#accessToken } : {}),
      ...options,
    });
    return { list: (options) => listModels(o(options)), get: (id, options) => getModel(id, o(options)) };
  }

  /** A new client bound to an Inference Endpoint or local server URL. */
  endpoint(endpointUrl: string): InferenceClient {
    return new InferenceClient(this.#accessToken, { ...this.#defaults, endpointUrl });
  }

  /** The call's arguments over the client's token and endpoint. */
  #a<T extends object>(args: T): T {
    const base: Record<string, unknown> = {};
    if (this.#endpointUrl !== undefined) base.endpointUrl = this.#endpointUrl;
    if (this.#accessToken) base.accessToken = this.#accessToken;
    return { ...base, ...args } as T;
  }

  /** The call's options over the client's, with what hooks and a proxy need. */
  #o<T extends Options>(options: T | undefined): T {
    let merged = (options ? { ...this.#defaults, ...options } : this.#defaults) as T;
    // The client passes hooks given to it or to a call through `observe()` itself: only the standalone task
    // functions, which a bundler can take one by one, ask their caller to do it.
    if ((merged.onResponse || merged.onError || merged.meter || merged.prices) && !(merged as Observed).observe) {
      merged = observe(merged);
    }
    // A proxied call carries its runner (tasks/run.ts reads it); a direct call carries nothing more.
    return merged.proxyUrl ? { ...merged, viaProxy } : merged;
  }

  /**
   * Runs one task over many inputs (see "Bulk work" in the README): at most `concurrency` calls in flight,
   * `batchSize` inputs per call where the provider takes lists, one `{ value }` or `{ error }` per input in
   * input order. Resolves even when items fail or `signal` aborts (unfinished items get the abort error).
   * @example
   * const out = await client.map("featureExtraction", texts.map((inputs) => ({ model, inputs })), { batchSize: 32 });
   */
  map<K extends BulkTaskName>(
    taskName: K,
    argsList: readonly BulkArgs<K>[],
    options?: BulkOptions<BulkCallOptions<K>>,
  ): Promise<BulkResult<BulkValue<K>>[]> {
    return bulkMap(this.#bulk(), taskName, argsList, options) as Promise<BulkResult<BulkValue<K>>[]>;
  }
  /**
   * `map` over an (async) iterable, for inputs that do not fit in memory: yields `{ index, value }` or
   * `{ index, error }` as items finish (in input order with `ordered: true`), reading at most
   * `concurrency * batchSize` items ahead of what it has yielded.
   */
  mapIter<K extends BulkTaskName>(
    taskName: K,
    args: AsyncIterable<BulkArgs<K>> | Iterable<BulkArgs<K>>,
    options?: BulkIterOptions<BulkCallOptions<K>>,
  ): AsyncGenerator<BulkItem<BulkValue<K>>> {
    return bulkIter(this.#bulk(), taskName, args, options) as AsyncGenerator<BulkItem<BulkValue<K>>>;
  }
  #bulk(): BulkClient {
    return {
      has: (name) => typeof (this as unknown as Record<string, unknown>)[name] === "function",
      call: (name, args, options) =>
        (this as unknown as Record<string, (a: unknown, o: unknown) => Promise<unknown>>)[name]!(args, options),
      prep: (args, options) => [this.#a(args as Record<string, unknown>), this.#o(options)],
    };
  }
  /** @deprecated Use a task method. */
  request<T>(args: RequestArgs, options?: Options & { task?: InferenceTask }): Promise<T> {
    return request<T>(this.#a(args), this.#o(options));
  }
  /** @deprecated Use `chatCompletionStream` or `textGenerationStream`. */
  streamingRequest<T>(args: RequestArgs, options?: Options & { task?: InferenceTask }): AsyncGenerator<T> {
    return streamingRequest<T>(this.#a(args), this.#o(options));
  }
}

/** @deprecated Use InferenceClient. */
export class HfInference extends InferenceClient {}
/** @deprecated Use InferenceClient. */
export class InferenceClientEndpoint extends InferenceClient {}
