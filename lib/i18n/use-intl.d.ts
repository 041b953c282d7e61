import type { Locale, Messages } from "./catalog";

// Typed message keys for use-intl's translators.
declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
