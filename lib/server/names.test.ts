import { describe, expect, it } from "vitest";
import { AuthError, UpstreamError } from "@/lib/domain/errors";
import type { NameLookup } from "@/lib/keystone/client";
import { NameDirectory, type NameLookups, type NameReader } from "./names";

/** A Keystone with two projects and two users, counting the calls made to it. */
function keystone(over: Partial<NameLookups> = {}) {
  const calls: string[] = [];
  const projects = [
    { id: "p1", name: "demo" },
    { id: "p2", name: "alt" },
  ];
  const users: Record<string, string> = { u1: "demo", u2: "alt" };
  const lookups: NameLookups = {
    listProjects: (_c, token) => {
      calls.push("list");
      return Promise.resolve(token === "admin-token" ? [...projects] : null);
    },
    getProjectName: (_c, _t, id) => {
      calls.push(`project ${id}`);
      const p = projects.find((x) => x.id === id);
      return Promise.resolve<NameLookup>(p ? { name: p.name } : { refused: "not-found" });
    },
    getUserName: (_c, token, id) => {
      calls.push(`user ${id}`);
      return Promise.resolve<NameLookup>(
        token === "admin-token" || (token === "u1-token" && id === "u1") ? { name: users[id]! } : { refused: "forbidden" },
      );
    },
    ...over,
  };
  return { lookups, calls, projects };
}

const config = { authUrl: "http://keystone/v3", timeoutMs: 1000 };
const admin: NameReader = { config, token: "admin-token", viewer: "admin" };
const member: NameReader = { config, token: "u1-token", viewer: "u1" };
const T = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;

describe("NameDirectory", () => {
  it("an admin's project names come from one list, kept 10 minutes", async () => {
    const k = keystone();
    const names = new NameDirectory(k.lookups);
    expect(await names.projectNames(admin, ["p1", "p2", "p1"], T)).toEqual(
      new Map([
        ["p1", "demo"],
        ["p2", "alt"],
      ]),
    );
    await names.projectNames(admin, ["p2"], T + 9 * MIN);
    expect(k.calls).toEqual(["list"]);
    await names.projectNames(admin, ["p2"], T + 11 * MIN);
    expect(k.calls).toEqual(["list", "list"]);
  });

  it("a project made since the list was read is looked for again, but at most once a minute", async () => {
    const k = keystone();
    const names = new NameDirectory(k.lookups);
    await names.projectNames(admin, ["p1"], T);
    expect((await names.projectNames(admin, ["p3"], T + 30_000)).get("p3")).toBeNull();
    expect(k.calls).toEqual(["list"]);
    k.projects.push({ id: "p3", name: "new" });
    expect((await names.projectNames(admin, ["p3"], T + 2 * MIN)).get("p3")).toBe("new");
    expect(k.calls).toEqual(["list", "list"]);
  });

  it("a user's name is kept an hour, a refusal 10 minutes, per viewer: what an admin may read never reaches a member", async () => {
    const k = keystone();
    const names = new NameDirectory(k.lookups);
    expect(await names.userNames(admin, ["u1", "u2"], T)).toEqual(
      new Map([
        ["u1", "demo"],
        ["u2", "alt"],
      ]),
    );
    expect(await names.userNames(member, ["u1", "u2"], T)).toEqual(
      new Map([
        ["u1", "demo"],
        ["u2", null],
      ]),
    );
    k.calls.length = 0;
    await names.userNames(member, ["u1", "u2"], T + 9 * MIN);
    expect(k.calls).toEqual([]);
    await names.userNames(member, ["u1", "u2"], T + 11 * MIN);
    expect(k.calls).toEqual(["user u2"]);
    await names.userNames(admin, ["u1"], T + 61 * MIN);
    expect(k.calls).toEqual(["user u2", "user u1"]);
  });

  it("a member's project names are looked up one by one (Keystone refuses them the list)", async () => {
    const k = keystone();
    const names = new NameDirectory(k.lookups);
    expect(await names.projectNames(member, ["p1"], T)).toEqual(new Map([["p1", "demo"]]));
    expect(k.calls).toEqual(["project p1"]);
  });

  it("Keystone down costs the names, is not kept, and an ended session still ends the request", async () => {
    let down = true;
    const k = keystone({
      getUserName: (_c, _t, id) =>
        down ? Promise.reject(new UpstreamError("unavailable", "down")) : Promise.resolve({ name: `user-${id}` }),
    });
    const names = new NameDirectory(k.lookups);
    expect((await names.userNames(admin, ["u1"], T)).get("u1")).toBeNull();
    down = false;
    expect((await names.userNames(admin, ["u1"], T + 1000)).get("u1")).toBe("user-u1");
    const ended = new NameDirectory(keystone({ listProjects: () => Promise.reject(new AuthError()) }).lookups);
    await expect(ended.projectNames(admin, ["p1"], T)).rejects.toBeInstanceOf(AuthError);
  });
});
