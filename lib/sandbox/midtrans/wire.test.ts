import { describe, expect, it } from "vitest";
import { grossAmountText, notificationSignature } from "./wire";

describe("Midtrans' notification signature, as the simulator computes it", () => {
  it("matches the inputs of the docs' verification sample ('Receiving Notifications'), hashed with openssl", () => {
    // printf '%s' '1111200100000.00askvnoibnosifnboseofinbofinfgbiufglnbfg' | openssl dgst -sha512
    expect(notificationSignature("1111", "200", "100000.00", "askvnoibnosifnboseofinbofinfgbiufglnbfg")).toBe(
      "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231",
    );
  });

  it("writes gross_amount with two decimals, as Midtrans' samples do", () => {
    expect(grossAmountText(162_500)).toBe("162500.00");
  });
});
