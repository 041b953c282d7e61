import type { SimulatorRegistration } from "../types";
import { createMonxaSimulator, type MonxaAccount } from "./simulator";
import { MONXA_PROVIDER } from "./wire";

export const monxaSimulator: SimulatorRegistration<MonxaAccount> = { id: MONXA_PROVIDER, displayName: "Monxa", create: createMonxaSimulator };
