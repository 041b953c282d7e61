import type { Db } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";

// Where a provider's documents show a thing in more than one form (an envelope, a status word's
// case, an amount unit, a timestamp field), its simulator can send each of them. Which one it
// sends is a setting per provider, kept in SandboxProviderState.forms and chosen on /sandbox, so
// a tester (or a test) can check that the adapter copes with every documented form.

export interface FormOption {
  value: string;
  /** What the option is and which of the provider's documents shows it. */
  label: string;
}

export interface FormSetting {
  key: string;
  title: string;
  options: readonly FormOption[];
  /** The form the simulator sends unless told otherwise. */
  defaultValue: string;
}

/** The chosen option per setting key, every key present. */
export type FormChoices = Readonly<Record<string, string>>;

/** Stored choices over the defaults; an unknown key or option (say, from an older release) is ignored. */
export function resolveForms(settings: readonly FormSetting[], stored: unknown): FormChoices {
  const saved = typeof stored === "object" && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(
    settings.map((setting) => {
      const value = saved[setting.key];
      const known = setting.options.some((option) => option.value === value);
      return [setting.key, known ? (value as string) : setting.defaultValue];
    }),
  );
}

export async function readForms(db: Db, provider: ProviderId, settings: readonly FormSetting[]): Promise<FormChoices> {
  const row = await db.sandboxProviderState.findUnique({ where: { provider }, select: { forms: true } });
  return resolveForms(settings, row?.forms);
}

/** Chooses one option of one setting; refuses a key or option the simulator does not declare. */
export async function chooseForm(
  db: Db,
  provider: ProviderId,
  settings: readonly FormSetting[],
  key: string,
  value: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const setting = settings.find((candidate) => candidate.key === key);
  if (!setting) return { ok: false, error: `This simulator has no "${key}" setting.` };
  if (!setting.options.some((option) => option.value === value)) {
    return { ok: false, error: `"${value}" is not a documented form of ${setting.title}.` };
  }
  // One statement merging the one key, so two testers choosing different settings at once both win.
  const choice = JSON.stringify({ [key]: value });
  await db.$executeRaw`
    INSERT INTO "SandboxProviderState" ("provider", "forms", "updatedAt") VALUES (${provider}, ${choice}::jsonb, now())
    ON CONFLICT ("provider") DO UPDATE SET "forms" = "SandboxProviderState"."forms" || EXCLUDED."forms", "updatedAt" = now()`;
  return { ok: true };
}

/** Back to every default. */
export async function resetForms(db: Db, provider: ProviderId): Promise<void> {
  await db.sandboxProviderState.updateMany({ where: { provider }, data: { forms: {} } });
}
