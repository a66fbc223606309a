import { describe, expect, it } from "vitest";
import { instanceEnvelope } from "./schemas";
import { toInstance } from "./reshape";

const stock = {
  id: "i-1",
  name: "orders-db-restored",
  status: "ACTIVE",
  datastore: { type: "postgresql", version: "16" },
  created: "2026-11-20T10:04:00",
  updated: "2026-11-20T10:05:02",
};
const restoredFrom = {
  instance_id: "src-1",
  backup_id: "b-1",
  point_in_time: "2026-11-20T10:03:17Z",
  timeline: 2,
  last_commit_time: "2026-11-20T10:03:16.842Z",
  last_commit_lsn: "220459461512",
  recovered_at: "2026-11-20T10:05:02Z",
};
const read = (instance: Record<string, unknown>) => toInstance(instanceEnvelope.parse({ instance }).instance);

describe("an instance's provenance and addresses at the Trove edge", () => {
  it("carries restored_from (last commit to the millisecond) and the ip list", () => {
    expect(read({ ...stock, ip: ["127.0.1.3"], restored_from: restoredFrom })).toMatchObject({
      addresses: ["127.0.1.3"],
      restoredFrom: {
        sourceInstanceId: "src-1",
        sourceInstanceName: null,
        backupId: "b-1",
        backupName: null,
        pointInTime: "2026-11-20T10:03:17Z",
        timeline: 2,
        lastCommitTime: "2026-11-20T10:03:16.842Z",
        lastCommitLsn: "220459461512",
        recoveredAt: "2026-11-20T10:05:02Z",
      },
    });
  });

  it("stock Trove: neither field, and none in the answer", () => {
    const instance = read(stock);
    expect("restoredFrom" in instance).toBe(false);
    expect("addresses" in instance).toBe(false);
    expect("addresses" in read({ ...stock, ip: [] })).toBe(false);
  });

  it("reads zone-less and offset times, fractions of any length, and a null last commit", () => {
    const instance = read({
      ...stock,
      restored_from: {
        ...restoredFrom,
        point_in_time: "2026-11-20T11:03:17+01:00",
        last_commit_time: "2026-11-20T10:03:16.8",
        recovered_at: null,
      },
    });
    expect(instance.restoredFrom).toMatchObject({
      pointInTime: "2026-11-20T10:03:17Z",
      lastCommitTime: "2026-11-20T10:03:16.800Z",
      recoveredAt: null,
    });
    expect(
      read({ ...stock, restored_from: { ...restoredFrom, last_commit_time: "2026-11-20T10:03:16.842917Z" } }).restoredFrom?.lastCommitTime,
    ).toBe("2026-11-20T10:03:16.842Z");
    expect(
      read({ ...stock, restored_from: { ...restoredFrom, last_commit_time: null, last_commit_lsn: null, timeline: undefined } })
        .restoredFrom,
    ).toMatchObject({ lastCommitTime: null, lastCommitLsn: null, timeline: null });
  });

  it.each([
    ["not an object", "yesterday"],
    ["no point", { ...restoredFrom, point_in_time: undefined }],
    ["an unreadable point", { ...restoredFrom, point_in_time: "soon" }],
    ["an unreadable last commit", { ...restoredFrom, last_commit_time: "10:03" }],
    ["a fractional timeline", { ...restoredFrom, timeline: 1.5 }],
  ])("a malformed restored_from (%s) is absent, and the instance still reads", (_, value) => {
    const instance = read({ ...stock, restored_from: value, ip: "127.0.1.3" });
    expect(instance).toMatchObject({ id: "i-1", status: "ACTIVE" });
    expect(instance.restoredFrom).toBeUndefined();
    expect(instance.addresses).toBeUndefined();
  });
});
