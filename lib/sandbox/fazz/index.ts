import type { SimulatorRegistration } from "../types";
import { createFazzSimulator, type FazzAccount } from "./simulator";
import { FAZZ_PROVIDER } from "./wire";

export const fazzSimulator: SimulatorRegistration<FazzAccount> = { id: FAZZ_PROVIDER, displayName: "Fazz", create: createFazzSimulator };
