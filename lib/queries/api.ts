/**
 * The browser's only way to the backend: the dashboard's own /api, answers parsed with the shared
 * zod contract. A 401 sends the user to the login page and back to exactly where they were.
 */
import type { z } from "zod";
import { CSRF_HEADER, CSRF_VALUE } from "@/lib/api/csrf";

type Contract = typeof import("@/lib/api/schemas");
type ContractSchemaName = { [K in keyof Contract]: Contract[K] extends z.ZodType ? K : never }[keyof Contract];

/**
 * A schema given as the way to load it. Building zod and the contract's schemas costs every page
 * load ~20 ms of the browser's main thread, before the page is usable; a page drawn from the data
 * the server read with it parses nothing until it reads again, so the contract loads then.
 */
export type LazySchema<S extends z.ZodType> = () => Promise<S>;

export const contractSchema =
  <K extends ContractSchemaName>(name: K): LazySchema<Contract[K]> =>
  () =>
    import("@/lib/api/schemas").then((contract) => contract[name]);

/** A schema at hand (a page that parses as it renders) or one to load (lazySchema, contractSchema). */
export type SchemaSource<S extends z.ZodType> = S | LazySchema<S>;

const schemaOf = async <S extends z.ZodType>(source: SchemaSource<S>): Promise<S> => (typeof source === "function" ? source() : source);

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly details?: unknown,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

let leaving = false;
/** Several reads fail with 401 at once: only the first one navigates (the others would abort it). */
export function goToLogin(): void {
  if (leaving) return;
  leaving = true;
  window.location.assign(loginPathForHere());
}

export function loginPathForHere(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `/login?next=${encodeURIComponent(here)}`;
}

async function parseAnswer<S extends z.ZodType>(res: Response, source: SchemaSource<S>): Promise<z.output<S>> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiFailure(res.status, "bad_answer", "The dashboard answered something unreadable. Try again.", true);
  }
  if (!res.ok) {
    const err = (await contractSchema("apiErrorSchema")()).safeParse(body);
    if (res.status === 401 && typeof window !== "undefined") goToLogin();
    if (err.success)
      throw new ApiFailure(
        res.status,
        err.data.error.code,
        err.data.error.message,
        err.data.error.retryable ?? res.status >= 500,
        err.data.error.details,
        err.data.error.fields,
      );
    throw new ApiFailure(res.status, "http_error", `The dashboard answered ${res.status}.`, res.status >= 500);
  }
  const parsed = (await schemaOf(source)).safeParse(body);
  if (!parsed.success)
    throw new ApiFailure(
      res.status,
      "bad_answer",
      "The dashboard answered in an unexpected shape. Try again; if it persists, report it.",
      true,
    );
  return parsed.data;
}

export async function getJson<S extends z.ZodType>(path: string, schema: SchemaSource<S>, signal?: AbortSignal): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: "application/json" }, signal, cache: "no-store" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiFailure(0, "network", "The dashboard could not be reached. Check your connection and retry.", true);
  }
  return parseAnswer(res, schema);
}

/** Writes carry the CSRF header the server checks (the browser adds Origin). */
export async function postJson<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: SchemaSource<S>,
  headers: Record<string, string> = {},
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", [CSRF_HEADER]: CSRF_VALUE, ...headers },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiFailure(
      0,
      "network",
      "The dashboard could not be reached: the request may not have been sent. Check before retrying.",
      false,
    );
  }
  return parseAnswer(res, schema);
}
