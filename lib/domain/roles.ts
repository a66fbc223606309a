/**
 * Action gates from the token's roles (trove-api.md "Roles"). Trove 18's own policy lets a reader
 * create backups, so the dashboard's server is where readers are stopped.
 */

function has(roles: readonly string[], name: string): boolean {
  return roles.some((r) => r.toLowerCase() === name);
}

/** admin sees every project (mgmt API, all_projects listings). */
export function isAdmin(roles: readonly string[]): boolean {
  return has(roles, "admin");
}

/** member or admin may back up and restore; reader alone only looks. */
export function canWrite(roles: readonly string[]): boolean {
  return has(roles, "member") || isAdmin(roles);
}
