/**
 * AES-256-GCM sealing of the session cookie: confidentiality (the token never reaches the browser
 * in clear) and integrity (a tampered cookie fails authentication and is ignored).
 * Format: "v1." + base64url(iv[12] ‖ tag[16] ‖ ciphertext). The key is SHA-256 of SESSION_SECRET,
 * bound to the cookie's purpose through the additional authenticated data.
 */
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1.";
const AAD = Buffer.from("trove-pitr-dashboard session v1");
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHash("sha256").update(secret).digest();
    keys.set(secret, key);
  }
  return key;
}

export function seal(value: unknown, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The sealed value, or null for anything forged, truncated, from another secret or another format. */
export function unseal(sealed: string, secret: string): unknown {
  if (!sealed.startsWith(VERSION)) return null;
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < 12 + 16 + 1) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
