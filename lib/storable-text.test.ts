import { describe, expect, it } from "vitest";
import { isStorableText, storableText, UNSTORABLE_TEXT_MESSAGE } from "./storable-text";

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

describe("storableText", () => {
  it("reports the field's problem in words", () => {
    const result = storableText().safeParse("a\u0000b");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(UNSTORABLE_TEXT_MESSAGE);
  });
});
