import { describe, expect, it } from "vitest";
import { browserName } from "./browser-name";

describe("browserName", () => {
  it("names the browser with its major version and the system", () => {
    expect(browserName("Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36")).toBe(
      "Chrome 131 · Android 14",
    );
    expect(browserName("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).toBe(
      "Safari 17 · iOS 17.5",
    );
    expect(browserName("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox 133 · Linux");
  });

  it("says nothing when the agent names no browser", () => {
    expect(browserName(null)).toBeNull();
    expect(browserName("")).toBeNull();
    expect(browserName("curl/8.5.0")).toBeNull();
  });
});
