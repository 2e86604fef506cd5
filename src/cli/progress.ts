/**
 * Progress of long calls on stderr: job status and queue position (from `onProgress`), job log lines and
 * retries (from `onRetry`). On a terminal the status is one line rewritten in place; otherwise each
 * change is its own line, so logs of a CI run stay readable. Nothing is printed with `--quiet`.
 *
 * What a provider sends (status words, log lines) is untrusted: the token and every credential header
 * value are scrubbed from it (the library has done so already; this is the last line of defence), and
 * control characters are shown escaped, so a log line can neither forge a line of ours nor move the
 * cursor or recolour the terminal.
 */
import { scrub } from "../lib/secrets.js";
import type { JobProgress, RetryInfo } from "../types.js";

/** `text` with every control character (ESC, CR, LF, NUL, C1...) shown as a `\xNN` escape. */
export function printable(text: string): string {
  // oxlint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  onProgress(p: JobProgress): void;
  onRetry(info: RetryInfo): void;
  /** Ends a status line rewritten in place, so what follows starts on a new line. */
  done(): void;
}

/** One status line, e.g. `IN_QUEUE, queue position 3, 2.1s`. */
function formatProgress(p: JobProgress): string {
  const parts = [printable(String(p.status))];
  if (typeof p.queuePosition === "number") parts.push(`queue position ${p.queuePosition}`);
  parts.push(`${(p.elapsedMs / 1000).toFixed(1)}s`);
  return parts.join(", ");
}

/** One retry line, e.g. `retrying in 1.5s (attempt 1, HTTP 429)`. */
function formatRetry(info: RetryInfo): string {
  const why = info.status ? `HTTP ${info.status}` : info.error instanceof Error ? info.error.name : "failure";
  return `retrying in ${(info.delayMs / 1000).toFixed(1)}s (attempt ${info.attempt}, ${why})`;
}

export function createProgress(
  sink: ProgressSink,
  options: { quiet?: boolean; secrets?: readonly string[] } = {},
): Progress {
  const quiet = !!options.quiet;
  const secrets = options.secrets ?? [];
  const tty = !!sink.isTTY;
  const prefix = "unified-inference: ";
  let live = false;
  let last = "";
  const line = (text: string) => {
    if (live) {
      sink.write("\r\x1b[K");
      live = false;
    }
    sink.write(`${prefix}${text}\n`);
  };
  return {
    onProgress(p) {
      if (quiet) return;
      for (const log of p.logs ?? []) line(`log: ${printable(scrub(String(log), secrets))}`);
      const status = scrub(formatProgress(p), secrets);
      // Without a terminal, print a line only when status or queue position changes, not every poll.
      const key = `${p.status}|${p.queuePosition ?? ""}`;
      if (tty) {
        sink.write(`\r\x1b[K${prefix}${status}`);
        live = true;
      } else if (key !== last) sink.write(`${prefix}${status}\n`);
      last = key;
    },
    onRetry(info) {
      if (!quiet) line(formatRetry(info));
    },
    done() {
      if (live) sink.write("\n");
      live = false;
    },
  };
}
