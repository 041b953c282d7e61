import { describe, expect, it } from "vitest";
import { hasUnstorableText, isStorableText, storableTextSchema, toStorableText, truncateText, UNSTORABLE_TEXT_MESSAGE } from "./storable-text";

describe("text PostgreSQL can hold", () => {
  it("writes NUL as a visible escape and an unpaired surrogate as U+FFFD, and leaves pairs alone", () => {
    expect(toStorableText('{"a":"x\u0000y"}')).toBe('{"a":"x\\u0000y"}');
    expect(toStorableText("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
    expect(toStorableText("kopi ☕ 😀")).toBe("kopi ☕ 😀");
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

describe("isStorableText", () => {
  it.each([
    ["plain text", "Budi Santoso"],
    ["Indonesian and emoji (a surrogate pair)", "Kopi Gayo ☕ 😀"],
    ["the empty string", ""],
    ["tabs and newlines", "line one\nline\ttwo"],
  ])("accepts %s", (_name, value) => expect(isStorableText(value)).toBe(true));

  it.each([
    ["U+0000 alone", "\u0000"],
    ["U+0000 inside", "Bu\u0000di"],
    ["a lone high surrogate", "ab\uD83D"],
    ["a lone high surrogate before text", "\uD83Dab"],
    ["a lone low surrogate", "\uDE00ab"],
    ["a reversed pair", "\uDE00\uD83D"],
  ])("rejects %s", (_name, value) => expect(isStorableText(value)).toBe(false));
});

describe("storableTextSchema", () => {
  it("reports the field's problem in words", () => {
    const result = storableTextSchema().safeParse("a\u0000b");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(UNSTORABLE_TEXT_MESSAGE);
  });
});
