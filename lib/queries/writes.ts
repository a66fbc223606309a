import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PreviewRequest, RestoreRequest } from "@/lib/api/schemas";
import { contractSchema, postJson } from "./api";
import { instanceKeys } from "./keys";

/**
 * One Idempotency-Key per dialog opening (the caller keeps it): a double click, a retry after a
 * lost answer, or two tabs replaying the same submit all reach one restore.
 */
export function useCreateRestore(instanceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: RestoreRequest; idempotencyKey: string }) =>
      postJson(`/api/instances/${encodeURIComponent(instanceId)}/restores`, body, contractSchema("restoreResponseSchema"), {
        "Idempotency-Key": idempotencyKey,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: instanceKeys.all }),
  });
}

export function useCreateBackup(instanceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (kind: "full" | "incremental") =>
      postJson(`/api/instances/${encodeURIComponent(instanceId)}/backups`, { kind }, contractSchema("createBackupResponseSchema")),
    onSuccess: () => qc.invalidateQueries({ queryKey: instanceKeys.detail(instanceId) }),
  });
}

export async function logout(): Promise<void> {
  await postJson("/api/auth/logout", {}, () => import("zod").then(({ z }) => z.object({ ok: z.literal(true) })));
}

/** A read-only look at the data at a point; the backend keeps its scratch copy a few minutes, so reruns are quick. */
export function usePreview(instanceId: string) {
  return useMutation({
    mutationFn: (body: PreviewRequest) =>
      postJson(`/api/instances/${encodeURIComponent(instanceId)}/previews`, body, contractSchema("previewResponseSchema")),
  });
}
