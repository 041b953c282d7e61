import { describe, expect, it } from "vitest";
import { resolveForms, type FormSetting } from "./forms";

const SETTINGS: FormSetting[] = [
  { key: "envelope", title: "Envelope", options: [{ value: "a", label: "A (guide)" }, { value: "b", label: "B (reference)" }], defaultValue: "a" },
  { key: "case", title: "Case", options: [{ value: "lower", label: "lower" }, { value: "upper", label: "upper" }], defaultValue: "upper" },
];

describe("the forms a simulator sends", () => {
  it("are the defaults when nothing was chosen", () => {
    expect(resolveForms(SETTINGS, {})).toEqual({ envelope: "a", case: "upper" });
    expect(resolveForms(SETTINGS, null)).toEqual({ envelope: "a", case: "upper" });
  });

  it("take a stored choice per setting", () => {
    expect(resolveForms(SETTINGS, { envelope: "b" })).toEqual({ envelope: "b", case: "upper" });
  });

  it("ignore unknown settings, undeclared options and stored junk", () => {
    expect(resolveForms(SETTINGS, { envelope: "c", case: 3, other: "x" })).toEqual({ envelope: "a", case: "upper" });
    expect(resolveForms(SETTINGS, ["b"])).toEqual({ envelope: "a", case: "upper" });
  });
});
