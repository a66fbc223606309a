/**
 * The header every write carries, which the server checks beside Origin: a cross-site form or a
 * plain navigation cannot set it. Universal code: the browser's writes, the server's check and the
 * curl line the restore dialog shows all use these.
 */
export const CSRF_HEADER = "X-Requested-With";
export const CSRF_VALUE = "trove-pitr-dashboard";
