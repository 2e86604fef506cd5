// A module of its own (no import): the public `withOpenAIRoute` costs an import of the Node entry nothing.

/**
 * An endpoint URL completed with an OpenAI route: `http://host:8080` -> `.../v1/chat/completions`,
 * `.../v1` -> `.../v1/chat/completions`, a URL already ending with the route is kept. A URL ending with
 * the other OpenAI route gets this one instead (`.../v1/chat/completions` -> `.../v1/completions` for text
 * generation), so one endpoint URL serves both tasks.
 */
export function withOpenAIRoute(url: string, route: "chat/completions" | "completions"): string {
  const u = url.trim().replace(/\/+$/, "");
  const named = /\/(?:chat\/)?completions$/.exec(u);
  if (named) return `${u.slice(0, named.index)}/${route}`;
  if (u.endsWith("/v1")) return `${u}/${route}`;
  return `${u}/v1/${route}`;
}
