import { describe, expect, it } from "vitest";
import { parseDokuDate, parseDokuInstant } from "./wire";

describe("parseDokuDate", () => {
  it("reads yyyyMMddHHmmss as Jakarta time (UTC+7), as DOKU writes expired_date", () => {
    // 10:05:10 WIB on 29 May 2023 is 03:05:10 UTC (the public capture's expired_date_utc).
    expect(parseDokuDate("20230529100510")).toEqual(new Date("2023-05-29T03:05:10Z"));
    // Just after midnight WIB is the previous day in UTC.
    expect(parseDokuDate("20261123003000")).toEqual(new Date("2026-11-22T17:30:00Z"));
  });

  it.each(["20261332093000", "20261131093000", "20261122243000", "20261122096000", "20261122093060", "2026-11-22", "", undefined])(
    "refuses %j, which is not a date",
    (text) => {
      expect(parseDokuDate(text)).toBeUndefined();
    },
  );
});

describe("parseDokuInstant", () => {
  it("reads only an instant that names its zone", () => {
    expect(parseDokuInstant("2023-05-29T03:05:10Z")).toEqual(new Date("2023-05-29T03:05:10Z"));
    expect(parseDokuInstant("2023-05-29T10:05:10+07:00")).toEqual(new Date("2023-05-29T03:05:10Z"));
    expect(parseDokuInstant("2023-05-29T03:05:10")).toBeUndefined();
  });
});
