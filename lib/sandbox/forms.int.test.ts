import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { openTestDatabase } from "@/test/database";
import { chooseForm, readForms, resetForms, type FormSetting } from "./forms";
import { getOutage, setOutage } from "./outage";

const SETTINGS: FormSetting[] = [
  { key: "envelope", title: "Envelope", options: [{ value: "a", label: "A" }, { value: "b", label: "B" }], defaultValue: "a" },
  { key: "case", title: "Case", options: [{ value: "lower", label: "lower" }, { value: "upper", label: "upper" }], defaultValue: "lower" },
];

let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await openTestDatabase();
});
afterAll(async () => opened?.close());

describe("forms kept per provider in the database", () => {
  it("start at the defaults, keep choices per provider, and reset", async () => {
    const { db } = opened;
    expect(await readForms(db, "monxa", SETTINGS)).toEqual({ envelope: "a", case: "lower" });
    expect(await chooseForm(db, "monxa", SETTINGS, "envelope", "b")).toEqual({ ok: true });
    expect(await readForms(db, "monxa", SETTINGS)).toEqual({ envelope: "b", case: "lower" });
    expect(await readForms(db, "doku", SETTINGS)).toEqual({ envelope: "a", case: "lower" });
    await resetForms(db, "monxa");
    expect(await readForms(db, "monxa", SETTINGS)).toEqual({ envelope: "a", case: "lower" });
  });

  it("keep both of two choices made at once", async () => {
    const { db } = opened;
    await Promise.all([chooseForm(db, "fazz", SETTINGS, "envelope", "b"), chooseForm(db, "fazz", SETTINGS, "case", "upper")]);
    expect(await readForms(db, "fazz", SETTINGS)).toEqual({ envelope: "b", case: "upper" });
  });

  it("refuse a setting or option the simulator does not declare, changing nothing", async () => {
    const { db } = opened;
    expect(await chooseForm(db, "martis", SETTINGS, "other", "a")).toMatchObject({ ok: false });
    expect(await chooseForm(db, "martis", SETTINGS, "envelope", "c")).toMatchObject({ ok: false });
    expect(await db.sandboxProviderState.findUnique({ where: { provider: "martis" } })).toBeNull();
  });

  it("live beside the outage switch without disturbing it", async () => {
    const { db } = opened;
    await setOutage(db, "midtrans", "down");
    await chooseForm(db, "midtrans", SETTINGS, "case", "upper");
    expect(await getOutage(db, "midtrans")).toBe("down");
    await setOutage(db, "midtrans", "none");
    expect(await readForms(db, "midtrans", SETTINGS)).toEqual({ envelope: "a", case: "upper" });
  });
});
