/**
 * Reads a body as UTF-8 text, never holding more than `maxBytes` of it: a declared length over the
 * cap is refused before reading, and an undeclared or lying one is cut off as soon as it passes.
 * Shared by the dashboard's request parser and the Trove client, each with its own error.
 */
export async function readCapped(
  message: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  if (Number(message.headers.get("content-length") ?? "0") > maxBytes) {
    await message.body?.cancel();
    throw tooLarge();
  }
  if (!message.body) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
