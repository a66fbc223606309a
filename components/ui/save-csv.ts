/** Hands a CSV made in the page to the browser as a download named `fileName`. */
export function saveCsv(fileName: string, csv: string): void {
  const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  // The download has started reading the blob by then; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
