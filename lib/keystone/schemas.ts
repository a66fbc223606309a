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

/** GET /v3/projects/{id} and each of GET /v3/projects (lib/keystone/fixtures/project-show-as-admin.json). */
export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain_id: z.string().optional(),
  enabled: z.boolean().optional(),
});
export const projectBodySchema = z.object({ project: projectSchema });
export const projectListSchema = z.object({
  projects: z.array(projectSchema),
  links: z.object({ next: z.string().nullable().optional() }).optional(),
});

/** GET /v3/users/{id} (lib/keystone/fixtures/user-show-as-admin.json). */
export const userBodySchema = z.object({ user: z.object({ id: z.string(), name: z.string(), domain_id: z.string().optional() }) });
