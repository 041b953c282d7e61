import type { SimulatorRegistration } from "../types";
import { createMidtransSimulator, type MidtransAccount } from "./simulator";
import { MIDTRANS_PROVIDER } from "./wire";

export const midtransSimulator: SimulatorRegistration<MidtransAccount> = { id: MIDTRANS_PROVIDER, displayName: "Midtrans", create: createMidtransSimulator };
