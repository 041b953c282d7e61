import { describe, expect, it } from "vitest";
import { bodyDigest, digestMatches, headerSignature, headerTimestamp, signatureMatches } from "./signing";

// The components are those of DOKU's own samples ("Signature from API Get Method"; a notification
// to the merchant's /payments/notifications path); DOKU prints no secret, so the expected values
// were computed outside this code with a test secret:
//   printf 'Client-Id:…\nRequest-Id:…\nRequest-Timestamp:…\nRequest-Target:…' | openssl dgst -sha256 -hmac 'SK-test-secret' -binary | base64
const SECRET = "SK-test-secret";
const SAMPLE = { clientId: "MCH-0001-10791114622547", requestId: "d895fb53-479c-4f77-a76a-ab81b40d77cb", timestamp: "2020-08-11T08:45:42Z" };
const BODY = '{"order":{"invoice_number":"INV-1","amount":150000}}';

describe("DOKU's header signature, as the simulator computes it", () => {
  it("signs a GET without a Digest line", () => {
    const signature = headerSignature(SECRET, { ...SAMPLE, target: "/orders/v1/status/INV-123123-12313" });
    expect(signature).toBe("HMACSHA256=xBNTViuWvtd8BEt6TQbXbdqoggfzgMI7FTY0dv7lJUw=");
  });

  it("signs a body with its Digest line, the notification path as Request-Target", () => {
    expect(bodyDigest(BODY)).toBe("teqHz5VNH5fsFc0RBWfuKMVCMWwBl4aVB1NM6qDaoRE=");
    const lines = { ...SAMPLE, target: "/payments/notifications", digest: bodyDigest(BODY) };
    expect(headerSignature(SECRET, lines)).toBe("HMACSHA256=581cTF2wJzhJsAsU6o1jtg94OjQBQieHUdAX88Xtukw=");
    expect(signatureMatches(SECRET, lines, " HMACSHA256=581cTF2wJzhJsAsU6o1jtg94OjQBQieHUdAX88Xtukw= ")).toBe(true);
    expect(signatureMatches("SK-other", lines, "HMACSHA256=581cTF2wJzhJsAsU6o1jtg94OjQBQieHUdAX88Xtukw=")).toBe(false);
  });

  it("reads a Digest header bare or as SHA-256=…", () => {
    expect(digestMatches("teqHz5VNH5fsFc0RBWfuKMVCMWwBl4aVB1NM6qDaoRE=", BODY)).toBe(true);
    expect(digestMatches("SHA-256=teqHz5VNH5fsFc0RBWfuKMVCMWwBl4aVB1NM6qDaoRE=", BODY)).toBe(true);
    expect(digestMatches("teqHz5VNH5fsFc0RBWfuKMVCMWwBl4aVB1NM6qDaoRE=", `${BODY} `)).toBe(false);
  });

  it("writes timestamps in UTC, whole seconds", () => {
    expect(headerTimestamp(new Date("2020-08-11T08:45:42.789Z"))).toBe("2020-08-11T08:45:42Z");
  });
});
