/**
 * The command line names every command: `help <command>` shows that command's help (serve included), the
 * top-level help lists `serve`, and an unknown command is a usage error that lists chat, run and serve.
 * Runs the built dist/cli.js (skipped without it).
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/errors.js";
import { CLI, runCli } from "./support/cli.js";

const cli = (args: string[]) => runCli(args);

describe.skipIf(!existsSync(CLI))("help for every command", () => {
  it("help serve shows the serve options, like serve --help", async () => {
    const help = await cli(["help", "serve"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/^Usage: unified-inference serve /);
    for (const opt of ["--allow-task", "--allow-model", "--allow-provider", "--cors-origin", "--port"]) {
      expect(help.stdout).toContain(opt);
    }
    const direct = await cli(["serve", "--help"]);
    expect(direct.stdout).toBe(help.stdout);
    expect((await cli(["help", "chat"])).stdout).toMatch(/^Usage: unified-inference chat /);
    expect((await cli(["help"])).stdout).toMatch(/^ {2}unified-inference serve /m);
  });

  it("an unknown command is a usage error naming chat, run and serve", async () => {
    const r = await cli(["sevre", "--port", "8787"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown command "sevre"');
    expect(r.stderr).toContain("commands: chat, run, serve, models");
    const flag = await cli(["--allow-task", "conversational"]);
    expect(flag.code).toBe(EXIT.usage);
    expect(flag.stderr).toContain("must come after a command (chat, run, serve or models)");
  });
});
