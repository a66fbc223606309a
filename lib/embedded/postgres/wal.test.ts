import { describe, expect, it } from "vitest";
import {
  parseLsnText,
  parseRelationPath,
  parseSegmentName,
  parseWaldumpCommits,
  parseWaldumpTruncates,
  recoveryTarget,
  segmentTimes,
  type ArchivedSegment,
} from "./wal";

describe("segment names", () => {
  it("give the LSN range of the 16 MiB segment, with or without pgBackRest's checksum suffix", () => {
    const s = parseSegmentName("00000001000000000000000B-84b16a37abfa60187b8fcc27348df58b1aabe6d9.lz4")!;
    expect(s).toMatchObject({ name: "00000001000000000000000B", timeline: 1, segno: 11n, startLsn: 0xb000000n, endLsn: 0xc000000n });
    expect(parseSegmentName("000000020000000100000002")).toMatchObject({ timeline: 2, startLsn: (1n << 32n) + 0x2000000n });
  });

  it("refuse history, backup and partial files and malformed names", () => {
    for (const f of [
      "00000002.history",
      "000000010000000000000002.00000028.backup",
      "000000010000000000000003.partial",
      "00000000000000000000000A",
      "0000000100000000000001FF",
    ]) {
      expect(parseSegmentName(f)).toBeNull();
    }
  });
});

describe("LSN text", () => {
  it("reads PostgreSQL's hi/lo form as a 64-bit number", () => {
    expect(parseLsnText("0/2000100")).toBe(0x2000100n);
    expect(parseLsnText("FFFFFFFF/FFFFFFFF")).toBe(2n ** 64n - 1n);
    expect(parseLsnText("nope")).toBeNull();
  });
});

describe("pg_waldump commit lines", () => {
  const out = [
    "rmgr: Transaction len (rec/tot):     34/    34, tx:        726, lsn: 0/030000C0, prev 0/03000028, desc: COMMIT 2026-11-30 22:45:22.207927 UTC",
    "rmgr: Heap        len (rec/tot):     59/    59, tx:        727, lsn: 0/030000E8, prev 0/030000C0, desc: INSERT off 2",
    "rmgr: Transaction len (rec/tot):    469/   469, tx:        731, lsn: 0/03005DB0, prev 0/03005D78, desc: COMMIT 2026-11-30 22:45:24.296213 UTC; rels: base/5/16384; dropped stats: 2/5/16384",
    "rmgr: Transaction len (rec/tot):     34/    34, tx:        732, lsn: 0/03005F00, prev 0/03005DB0, desc: COMMIT 2026-11-30 22:45:25 UTC",
    "pg_waldump: error: error in WAL record at 0/3005F88: invalid record length",
  ].join("\n");

  it("give each commit's xid, LSN, exact time and the relations it dropped", () => {
    const commits = parseWaldumpCommits(out);
    expect(commits.map((c) => c.xid)).toEqual([726, 731, 732]);
    expect(commits[0]).toMatchObject({
      lsn: 0x30000c0n,
      timeMs: Date.parse("2026-11-30T22:45:22.207Z"),
      micros: 927,
      droppedRelations: [],
    });
    expect(commits[1]!.droppedRelations).toEqual(["base/5/16384"]);
    expect(commits[1]!.droppedStats).toEqual([{ db: 5, oid: 16384 }]);
    expect(commits[0]!.droppedStats).toEqual([]);
    expect(commits[2]!.timeMs).toBe(Date.parse("2026-11-30T22:45:25Z"));
  });
});

describe("truncations and relation paths", () => {
  it("read which transaction truncated which relations, and a file path's database and file number", () => {
    const out =
      "rmgr: Heap        len (rec/tot):     42/    42, tx:        745, lsn: 0/07021698, prev 0/07021658, desc: TRUNCATE nrelids 2 relids 24576 24590";
    expect(parseWaldumpTruncates(out)).toEqual([{ xid: 745, relids: [24576, 24590] }]);
    expect(parseRelationPath("base/5/24579")).toEqual({ db: 5, filenode: 24579 });
    expect(parseRelationPath("pg_tblspc/16400/PG_15_202209061/5/24579")).toEqual({ db: 5, filenode: 24579 });
  });
});

describe("segment times", () => {
  const t = (s: string) => Date.parse(`2026-11-30T10:00:${s}Z`);
  const seg = (segno: number, first: string | null, last: string | null, pushed: string, timeline = 1): ArchivedSegment => ({
    name: "",
    timeline,
    segno: BigInt(segno),
    startLsn: BigInt(segno) * 16_777_216n,
    endLsn: BigInt(segno + 1) * 16_777_216n,
    pushedMs: t(pushed),
    firstCommitMs: first === null ? null : t(first),
    lastCommitMs: last === null ? null : t(last),
  });

  it("end at the last whole second before the segment's last commit, so a restore there still finds a later commit", () => {
    const [a, b] = segmentTimes([seg(1, "01.2", "05.84", "06"), seg(2, "07.1", "09.000", "10")]);
    expect(a).toEqual({ startMs: t("01"), endMs: t("05") });
    // A commit exactly on a second: that second itself is not reachable, the one before is.
    expect(b).toEqual({ startMs: t("05"), endMs: t("08") });
  });

  it("carry over a segment without commits, and start afresh after a hole or on a new timeline", () => {
    const times = segmentTimes([
      seg(1, "01.5", "03.5", "04"),
      seg(2, null, null, "14"),
      seg(4, "20.3", "22.9", "23"),
      seg(4, "24.1", "25.5", "26", 2),
    ]);
    expect(times[1]).toEqual({ startMs: t("03"), endMs: t("03") });
    expect(times[2]).toEqual({ startMs: t("20"), endMs: t("22") });
    expect(times[3]).toEqual({ startMs: t("24"), endMs: t("25") });
  });
});

describe("recovery targets", () => {
  it("are whole seconds with an explicit UTC offset", () => {
    expect(recoveryTarget(Date.parse("2026-11-20T10:03:17.900Z"))).toBe("2026-11-20 10:03:17+00");
  });
});
