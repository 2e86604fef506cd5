/** The route of a call with an endpoint URL (an Inference Endpoint or a local server): its own route, no Hub. */
import { InferenceClientInputError } from "../errors.js";
import { bearer } from "./args.js";
import type { CallShape, Route, RouteDef } from "../contracts/task.js";

export function endpointRoute(
  def: RouteDef,
  endpointUrl: unknown,
  token: string | undefined,
  model: string | undefined,
  provider: string | undefined,
  call: CallShape,
): Route {
  if (typeof endpointUrl !== "string" || !/^https?:\/\/[^/]/i.test(endpointUrl.trim())) {
    throw new InferenceClientInputError(`endpointUrl must be an http(s) URL, got ${JSON.stringify(endpointUrl)}`);
  }
  if (provider && provider !== "hf-inference" && provider !== "auto") {
    throw new InferenceClientInputError(
      `Specifying both endpointUrl and provider is not supported: an endpoint URL is its own route`,
    );
  }
  const adapter = def.adapters["hf-inference"];
  if (!adapter) throw new InferenceClientInputError(`Task ${def.task} cannot be sent to an endpoint URL`);
  const url = endpointUrl.trim();
  return {
    adapter,
    provider: "endpoint",
    auth: token ? bearer(token) : {},
    ctx: {
      task: def.task,
      model,
      providerId: model ?? "",
      routed: false,
      base: url,
      endpointUrl: url,
      ...call,
    },
  };
}
