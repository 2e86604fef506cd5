/** Header naming the URL a forwarded request was meant for (the mock provider's convention). */
export const FORWARD_HEADER = "x-mock-forwarded-url";

/**
 * A fetch that sends every request to `origin` (a mock provider on loopback), keeping the URL it was
 * meant for in the `x-mock-forwarded-url` header. Requests already aimed at `origin` pass through. A
 * `Request` input keeps its method, headers and body.
 */
export function forwardingFetch(origin: string, base: typeof fetch): typeof fetch {
  return (input, init) => {
    const original = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (original === origin || original.startsWith(`${origin}/`)) return base(input, init);
    const u = new URL(original);
    const target = `${origin}${u.pathname}${u.search}`;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(FORWARD_HEADER, original);
    // A Request carries its own method and body: re-aim it rather than drop them.
    return base(input instanceof Request ? new Request(target, input) : target, { ...init, headers });
  };
}
