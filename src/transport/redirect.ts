/**
 * Redirects, followed by hand within one attempt (not by fetch) so that no credential follows one to
 * another host, and the outbound URL policy for URLs the client did not build. `fetchFollowing` is the fetch
 * of one attempt.
 */
import { InferenceClientInputError, type InferenceClientProviderOutputError } from "../errors.js";
import { outputError } from "./http-error.js";
import { untilAborted, type IdleWatch } from "./scope.js";
import type { Transport, WireRequest } from "./types.js";
import { refusedUrl } from "./url-policy.js";

/** Redirects followed by hand within one attempt. */
const MAX_REDIRECTS = 5;

/** The host of `url` ("" when it is not a URL). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** Why the client will not fetch `url` (a URL from an answer or a redirect), or undefined. */
export function urlRefusal(url: string, t: Transport): string | undefined {
  return refusedUrl(url, t.allowPrivateUrls || t.localTarget);
}

/** The output error for a URL the client will not fetch: names its host, quotes nothing fetched. */
export function refused(url: string, why: string, t: Transport): InferenceClientProviderOutputError {
  return outputError(
    t,
    `sent a URL the client will not fetch (${hostOf(url) || "?"}): ${why}${/add/.test(why) ? " (allowPrivateUrls)" : ""}`,
  );
}

/**
 * The next request when `res` is a redirect to follow, else undefined. On the same origin the request
 * goes on unchanged (301, 302 and 303 turn it into a GET without body, as fetch does). To another origin
 * only a GET goes (a 301, 302 or 303 turns a POST into one), carrying no header but Accept and User-Agent
 * (no credential, no caller's header, no bill-to), only to a URL the policy allows and never from https
 * to http; a 307 or 308 that would carry a request body to another origin is refused. A browser hides
 * redirects (an "opaqueredirect" answer): a GET is then sent again for the browser to follow by its own
 * rules (no Authorization to another origin, CORS for the rest); a request with a body is not sent twice.
 */
function redirectOf(res: Response, cur: WireRequest, hops: number, t: Transport): WireRequest | undefined {
  const method = cur.method ?? "POST";
  const location = res.headers.get("location");
  if (res.type === "opaqueredirect") {
    if (method === "GET" && !cur.follow) return { ...cur, follow: true };
  } else if (location === null || ![301, 302, 303, 307, 308].includes(res.status)) return undefined;
  let to: URL;
  try {
    to = new URL(location ?? "", cur.url);
  } catch {
    throw refused(cur.url, "invalid redirect", t);
  }
  const keep = res.status > 303;
  const same = to.origin === new URL(cur.url).origin;
  const why =
    hops >= MAX_REDIRECTS || location === null
      ? "too many redirects, or a hidden one"
      : same
        ? undefined
        : keep && method !== "GET"
          ? "redirect of the body to another origin"
          : cur.url.startsWith("https:") && to.protocol === "http:"
            ? "redirect from https to http"
            : urlRefusal(to.href, t);
  if (why) throw refused(to.href, why, t);
  const next: WireRequest = { url: to.href, method: keep ? method : "GET", headers: {} };
  if (keep && cur.body !== undefined) next.body = cur.body;
  if (same && cur.credentials) next.credentials = cur.credentials;
  for (const [k, v] of Object.entries(cur.headers)) {
    if (same ? keep || !/^content-/i.test(k) : /^(accept|user-agent)$/i.test(k)) next.headers[k] = v;
  }
  return next;
}

/**
 * Fetches `req`, following redirects here rather than in fetch, so that no credential follows one to
 * another host. `track` is given each pending fetch (its late answer is cancelled after a failure).
 */
export async function fetchFollowing(
  req: WireRequest,
  t: Transport,
  ctrl: AbortController,
  watch: IdleWatch,
  track: (p: Promise<Response>) => void,
): Promise<Response> {
  let response!: Response;
  for (let cur: WireRequest | undefined = req, hops = 0; cur; hops++) {
    const init: RequestInit = {
      method: cur.method ?? "POST",
      headers: cur.headers,
      redirect: cur.follow ? "follow" : "manual",
      signal: ctrl.signal,
    };
    if (cur.body !== undefined) init.body = cur.body as BodyInit;
    if (cur.credentials) init.credentials = cur.credentials;
    const pending = Promise.resolve(t.fetch(cur.url, init));
    track(pending);
    // A fetch that does not listen to its signal is not waited for after an abort or a timeout.
    response = t.nativeFetch ? await pending : await untilAborted(pending, ctrl.signal);
    const r = response as Partial<Response> | undefined;
    if (typeof r?.ok !== "boolean" || typeof r.status !== "number" || typeof r.headers?.get !== "function") {
      // The caller's fetch is at fault, not the network.
      throw new InferenceClientInputError("options.fetch must return a Response (or a promise of one)");
    }
    cur = redirectOf(response, cur, hops, t);
    if (cur) {
      watch.touch();
      response.body?.cancel().catch(() => {});
    }
  }
  return response;
}
