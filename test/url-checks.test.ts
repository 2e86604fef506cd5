/**
 * The URL checks remember their last verdict (src/transport/url-policy.ts, src/options-check.ts): a server's calls
 * to one URL parse it once. The verdict must stay the string's own, whatever was checked before.
 */
import { describe, expect, it } from "vitest";
import { checkEndpointUrl } from "../src/options-check.js";
import { InferenceClientInputError } from "../src/errors.js";
import { refusedUrl } from "../src/transport/url-policy.js";

describe("the outbound URL policy, checked again and again", () => {
  it("gives each (URL, allowLocal) its own verdict, in any order", () => {
    const cases: [string, boolean | undefined, string | undefined][] = [
      ["http://127.0.0.1:8080/v1", undefined, "a loopback, private or link-local address"],
      ["http://127.0.0.1:8080/v1", true, undefined],
      ["http://127.0.0.1:8080/v1", false, "a loopback, private or link-local address"],
      ["https://api.together.xyz/v1", undefined, undefined],
      ["ftp://api.together.xyz/", true, "not http(s)"],
      ["not a url", undefined, "an invalid URL"],
      ["https://api.together.xyz/v1", true, undefined],
      ["http://10.0.0.2/", undefined, "a loopback, private or link-local address"],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [url, local, why] of round ? [...cases].reverse() : cases) {
        expect(refusedUrl(url, local), `${url} (allowLocal ${local})`).toBe(why);
        expect(refusedUrl(url, local), `${url} again`).toBe(why);
      }
    }
  });

  it("an endpoint URL that passed does not let a different one through", () => {
    checkEndpointUrl("https://my-endpoint.example/v1");
    checkEndpointUrl("https://my-endpoint.example/v1");
    expect(() => checkEndpointUrl("https://user:secret@my-endpoint.example/v1")).toThrow(InferenceClientInputError);
    expect(() => checkEndpointUrl("ftp://my-endpoint.example/v1")).toThrow(InferenceClientInputError);
    checkEndpointUrl("https://my-endpoint.example/v1");
    expect(() => checkEndpointUrl(42)).toThrow(InferenceClientInputError);
  });
});
