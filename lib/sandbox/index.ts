// What the app's sandbox pages, routes and actions use. They load it through openSandbox()
// (lib/open-sandbox.ts), only when the sandbox is on, so a production start without it runs
// none of this code and needs none of its tables.
export { lookupCode, performCashierAction, recentDeliveries } from "./cashier";
export { chooseForm, readForms, resetForms } from "./forms";
export { listOutages, OUTAGE_MODES, setOutage } from "./outage";
export { getSimulators, simulatorName } from "./registry";
export { summarizeState } from "./state-summary";
export { listSandboxMail, readSandboxMail } from "./mailbox";
export { readTourProgress } from "./tour";
