/** The files of test/fixtures (its README says how each kind is made), read by their path under that folder. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `test/fixtures/` as a file URL. */
const FIXTURES = new URL("../fixtures/", import.meta.url);

/** The URL of `path` under test/fixtures (a folder ends with `/`). */
export const fixtureUrl = (path: string): URL => new URL(path, FIXTURES);

/** The file system path of `path` under test/fixtures. */
export const fixturePath = (path: string): string => fileURLToPath(fixtureUrl(path));

export const fixtureBytes = (path: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(fixtureUrl(path)));

export const fixtureText = (path: string): string => readFileSync(fixtureUrl(path), "utf8");

export const fixtureJson = (path: string): any => JSON.parse(fixtureText(path));
