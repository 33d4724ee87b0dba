/** An error as a failure report shows it: its message without the terminal colours Playwright's expect adds. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
