import type { SimulatorRegistration } from "../types";
import { createDokuSimulator, type DokuAccount } from "./simulator";
import { DOKU_PROVIDER } from "./wire";

export const dokuSimulator: SimulatorRegistration<DokuAccount> = { id: DOKU_PROVIDER, displayName: "DOKU", create: createDokuSimulator };
