/** Keystone v3 wire shapes (only what the dashboard reads; unknown fields are tolerated). */
import { z } from "zod";

export const endpointSchema = z.object({
  interface: z.string(),
  url: z.string(),
  region: z.string().nullable().optional(),
  region_id: z.string().nullable().optional(),
});

export const catalogEntrySchema = z.object({
  type: z.string(),
  name: z.string().optional(),
  endpoints: z.array(endpointSchema),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const tokenBodySchema = z.object({
  token: z.object({
    expires_at: z.string(),
    user: z.object({ id: z.string(), name: z.string() }),
    project: z.object({ id: z.string(), name: z.string() }).optional(),
    roles: z.array(z.object({ id: z.string().optional(), name: z.string() })).default([]),
    catalog: z.array(catalogEntrySchema).default([]),
  }),
});
