import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTroveFault } from "./errors";

// Answers recorded from a real Trove 18 (see /work/shared/real-trove/samples).
function sample(name: string): { status: number; text: string } {
  const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as {
    status: number;
    response: unknown;
  };
  return { status: recorded.status, text: JSON.stringify(recorded.response) };
}

describe("parseTroveFault on recorded real answers", () => {
  it.each([
    ["error-missing-name", "badRequest", "Validation error: instance 'name' is a required property"],
    ["error-restore-without-datastore", "badRequest", "Please specify datastore. No default datastore is defined."],
    ["error-mgmt-as-member", "unauthorized", "User does not have admin privileges."],
    ["error-other-project-instance", "itemNotFound", "Resource 23dfd18a-8914-47e7-b991-53776dc60dc5 cannot be found."],
    [
      "error-backup-while-backup-running",
      "unprocessableEntity",
      "Instance 23dfd18a-8914-47e7-b991-53776dc60dc5 is not currently available for an action to be performed (instance status was BACKUP).",
    ],
    ["extensions-404", "itemNotFound", "The resource could not be found."],
  ])("%s → %s", (name, fault, message) => {
    const { status, text } = sample(name);
    expect(parseTroveFault(status, text)).toEqual({ status, name: fault, message });
  });

  it("reads the malformed-JSON shape and drops Trove's <br /> markup", () => {
    const { status, text } = sample("error-bad-json");
    expect(parseTroveFault(status, text)).toEqual({ status: 400, name: null, message: "Malformed request body" });
  });
});

describe("parseTroveFault on the other shapes", () => {
  it("reads keystonemiddleware's {error: {code, title, message}}", () => {
    const body = JSON.stringify({
      error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." },
    });
    expect(parseTroveFault(401, body)).toEqual({
      status: 401,
      name: "Unauthorized",
      message: "The request you have made requires authentication.",
    });
  });

  it("never echoes an HTML page (403 for another project's URL)", () => {
    const html =
      "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>Access was denied to this resource.<br /><br /></body></html>";
    const fault = parseTroveFault(403, html);
    expect(fault.message).toBe("Trove answered HTTP 403 (forbidden)");
    expect(fault.message).not.toContain("<");
  });

  it("falls back to the status for empty, non-object and unknown bodies", () => {
    expect(parseTroveFault(500, "").message).toBe("Trove answered HTTP 500 (internal error)");
    expect(parseTroveFault(502, "[1,2]").message).toBe("Trove answered HTTP 502 (bad gateway)");
    expect(parseTroveFault(418, JSON.stringify({ a: 1, b: 2 })).message).toBe("Trove answered HTTP 418 (error)");
  });
});
