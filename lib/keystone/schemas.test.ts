import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectBodySchema, projectListSchema, userBodySchema } from "./schemas";

/** Answers recorded from the genuine Keystone 22 (../shared/real-trove/keystone). */
function recorded(name: string): { status: number; response: unknown } {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as {
    status: number;
    response: unknown;
  };
}

describe("Keystone 22's project and user answers", () => {
  it("reads the admin's project list and one project", () => {
    const list = projectListSchema.parse(recorded("projects-as-admin").response);
    expect(list.projects.map((p) => p.name)).toEqual(expect.arrayContaining(["admin", "demo", "alt", "service"]));
    expect(list.links?.next).toBeNull();
    expect(projectBodySchema.parse(recorded("project-show-own-as-member").response).project.name).toBe("demo");
  });

  it("reads a user", () => {
    expect(userBodySchema.parse(recorded("user-show-as-admin").response).user.name).toBe("alt");
  });

  it("Keystone refuses by policy with 403, not an empty list", () => {
    for (const name of ["projects-as-member", "projects-as-reader", "project-show-other-as-member", "user-show-other-as-member"]) {
      expect(recorded(name).status).toBe(403);
      expect(projectListSchema.safeParse(recorded(name).response).success).toBe(false);
    }
  });
});
