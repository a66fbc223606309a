/**
 * What a translation problem does: a message missing from a catalog (or one that cannot be
 * formatted) is logged, and with I18N_STRICT (the browser tests) it throws, so the page fails
 * and the test with it rather than showing a key to an operator unnoticed.
 */
import { IntlErrorCode, type IntlError } from "next-intl";

const FATAL = new Set<string>([IntlErrorCode.MISSING_MESSAGE, IntlErrorCode.INVALID_KEY, IntlErrorCode.FORMATTING_ERROR]);

export function reportIntlError(error: IntlError, strict: boolean): void {
  if (!FATAL.has(error.code)) return;
  console.error(`[i18n] ${error.code}: ${error.originalMessage ?? error.message}`);
  if (strict) throw error;
}
