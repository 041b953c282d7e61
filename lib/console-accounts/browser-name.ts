import Bowser from "bowser";

/**
 * A session's browser as a member recognises it ("Chrome 131 · Android 14"), read from the user
 * agent it signed in with; null when nothing in it names a browser (a script, an empty header).
 * Only the major version: the rest tells a member nothing about which device it was.
 */
export function browserName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return null;
  const major = browser.version?.split(".")[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  const system = [os.name, os.version].filter(Boolean).join(" ");
  return system ? `${name} · ${system}` : name;
}
