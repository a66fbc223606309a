/**
 * Fixed reference data: identities (stable ids, so bookmarks survive a --reset), roles,
 * datastores and flavors (as real Trove lists them: real-trove/samples/flavors.json).
 */
import { createHash } from "node:crypto";

/** A deterministic 32-hex id, the shape Keystone gives projects, users and roles. */
export function hexId(kind: string, name: string): string {
  return createHash("sha256").update(`trove-pitr-embedded:${kind}:${name}`).digest("hex").slice(0, 32);
}

/** A deterministic UUID-shaped id (Trove's datastores and versions). */
export function uuidFrom(kind: string, name: string): string {
  const h = createHash("sha256").update(`trove-pitr-embedded:${kind}:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DOMAIN = { id: "default", name: "Default" } as const;

/** admin implies member implies reader, as in Keystone's default role inference rules. */
export const IMPLIED_ROLES: Record<string, readonly string[]> = {
  admin: ["admin", "member", "reader"],
  member: ["member", "reader"],
  reader: ["reader"],
};

export const PROJECTS = ["admin", "demo", "alt"] as const;

export const USERS: readonly { name: string; password: string; project: string; role: keyof typeof IMPLIED_ROLES }[] = [
  { name: "admin", password: "admin", project: "admin", role: "admin" },
  { name: "demo", password: "demo", project: "demo", role: "member" },
  { name: "alt", password: "alt", project: "alt", role: "member" },
  { name: "viewer", password: "viewer", project: "demo", role: "reader" },
];

export interface DatastoreVersion {
  id: string;
  name: string;
}
export interface Datastore {
  id: string;
  name: string;
  versions: DatastoreVersion[];
  defaultVersion: string;
}

function datastore(name: string, versions: string[], defaultVersion: string): Datastore {
  return {
    id: uuidFrom("datastore", name),
    name,
    versions: versions.map((v) => ({ id: uuidFrom("datastore-version", `${name}-${v}`), name: v })),
    defaultVersion: uuidFrom("datastore-version", `${name}-${defaultVersion}`),
  };
}

export const DATASTORES: readonly Datastore[] = [
  datastore("mysql", ["5.7.29", "8.0"], "8.0"),
  datastore("mariadb", ["10.6"], "10.6"),
  datastore("postgresql", ["14", "15"], "15"),
];

export function findDatastore(typeOrId: string): Datastore | undefined {
  return DATASTORES.find((d) => d.name === typeOrId || d.id === typeOrId);
}

export function findVersion(ds: Datastore, nameOrId: string | undefined): DatastoreVersion | undefined {
  if (nameOrId === undefined) return ds.versions.find((v) => v.id === ds.defaultVersion);
  return ds.versions.find((v) => v.name === nameOrId || v.id === nameOrId);
}

export interface Flavor {
  id: number | null;
  str_id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral: number;
}

const flavor = (id: number | null, str_id: string, name: string, ram: number, disk: number, ephemeral = 0): Flavor => ({
  id,
  str_id,
  name,
  ram,
  vcpus: 10,
  disk,
  ephemeral,
});

export const FLAVORS: readonly Flavor[] = [
  flavor(1, "1", "m1.tiny", 512, 0),
  flavor(2, "2", "m1.small", 2048, 20),
  flavor(3, "3", "m1.medium", 4096, 40),
  flavor(4, "4", "m1.large", 8192, 80),
  flavor(5, "5", "m1.xlarge", 16384, 160),
  flavor(6, "6", "m1.nano", 64, 0),
  flavor(7, "7", "m1.micro", 128, 0),
  flavor(8, "8", "m1.rd-smaller", 768, 2),
  flavor(9, "9", "tinier", 506, 10),
  flavor(10, "10", "m1.rd-tiny", 512, 2),
  flavor(11, "11", "eph.rd-tiny", 512, 0, 1),
  flavor(12, "12", "eph.rd-smaller", 768, 20, 2),
  // Real Trove 18 lists a custom flavor with "id": null and its id in str_id.
  flavor(null, "custom", "custom.small", 512, 25, 1),
];

export function findFlavor(ref: string): Flavor | undefined {
  return FLAVORS.find((f) => f.str_id === ref);
}
