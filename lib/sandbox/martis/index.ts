import type { SimulatorRegistration } from "../types";
import { createMartisSimulator, type MartisAccount } from "./simulator";
import { MARTIS_PROVIDER } from "./wire";

export const martisSimulator: SimulatorRegistration<MartisAccount> = { id: MARTIS_PROVIDER, displayName: "Martis", create: createMartisSimulator };
