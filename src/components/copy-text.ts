/** Copies text for a Copy button, with the old way for pages the Clipboard API is not allowed on (plain http). */
export async function copyText(text: string, fallbackField?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackField) return false;
    fallbackField.focus();
    fallbackField.select();
    // Deprecated, but the only way left on an insecure origin, where a classroom lab often runs.
    return document.execCommand('copy');
  }
}
