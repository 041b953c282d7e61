import { describe, expect, it } from "vitest";
import { hasUnstorableText, storableText, truncateText } from "./storable-text";

describe("text PostgreSQL can hold", () => {
  it("writes NUL as a visible escape and an unpaired surrogate as U+FFFD, and leaves pairs alone", () => {
    expect(storableText('{"a":"x\u0000y"}')).toBe('{"a":"x\\u0000y"}');
    expect(storableText("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
    expect(storableText("kopi ☕ 😀")).toBe("kopi ☕ 😀");
  });

  it("finds NUL and unpaired surrogates anywhere in a parsed body, keys included", () => {
    expect(hasUnstorableText(JSON.parse('{"order":{"id":"A\\u0000"}}'))).toBe(true);
    expect(hasUnstorableText(JSON.parse('{"items":[1,"\\ud800"]}'))).toBe(true);
    expect(hasUnstorableText(JSON.parse('{"\\u0000":1}'))).toBe(true);
    expect(hasUnstorableText(JSON.parse('{"emoji":"\\ud83d\\ude00","n":null,"t":true}'))).toBe(false);
  });

  it("truncates long text, says how much was left out, and never splits a surrogate pair", () => {
    expect(truncateText("abcdef", 10)).toBe("abcdef");
    expect(truncateText("abcdef", 4)).toBe("abcd… [2 more characters not kept]");
    expect(truncateText("ab😀", 3)).toBe("ab… [2 more characters not kept]");
  });
});
