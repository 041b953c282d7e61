import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import type { ProviderId, Store } from "@/lib/domain";
import { env } from "@/lib/env";
import { getProviders } from "@/lib/providers/registry";
import type { PaymentProvider } from "@/lib/providers/types";

/** Everything the order use cases touch, passed in so tests can build their own. */
export interface OrderDeps {
  db: Db;
  providers: ReadonlyMap<ProviderId, PaymentProvider>;
  routing: Record<Store, readonly ProviderId[]>;
  merchantName: string;
  appUrl: string;
  defaultExpiryMinutes: number;
  /** Test mode lets a checkout pick its provider; never in production without the sandbox. */
  allowProviderChoice: boolean;
  now: () => Date;
}

export async function getOrderDeps(): Promise<OrderDeps> {
  const config = env();
  return {
    db: await getDb(),
    providers: getProviders(),
    routing: config.routing,
    merchantName: config.merchantName,
    appUrl: config.appUrl,
    defaultExpiryMinutes: config.paymentExpiryMinutes,
    allowProviderChoice: config.sandbox.enabled,
    now: () => new Date(),
  };
}
