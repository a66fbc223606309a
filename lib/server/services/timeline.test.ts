import { describe, expect, it } from "vitest";
import { timelineResponseSchema } from "@/lib/api/schemas";
import { analyzeRecoverability } from "@/lib/recovery";
import { toTimelineResponse } from "./timeline";

describe("the timeline answer", () => {
  it("gives each base the tone of its backup status, from the one status table", () => {
    const backup = (id: string, status: string) => ({
      id,
      name: id,
      status,
      parentId: null,
      created: "2026-11-20T01:00:00Z",
      updated: "2026-11-20T01:10:00Z",
    });
    const analysis = analyzeRecoverability({
      capability: "stock",
      backups: [backup("done", "COMPLETED"), backup("broken", "FAILED"), backup("running", "BUILDING"), backup("odd", "RESTORED")],
      segments: [],
    });
    const answer = timelineResponseSchema.parse(toTimelineResponse("i", "stock", analysis, Date.parse("2026-11-20T12:00:00Z"), 900));
    expect(Object.fromEntries(answer.bases.map((b) => [b.backupId, b.tone]))).toEqual({
      done: "ok",
      broken: "error",
      running: "pending",
      odd: "neutral",
    });
  });
});
