import type { Db } from "@/lib/db/client";
import { storableTextSchema } from "@/lib/db/storable-text";
import { err, ok, type Result } from "@/lib/result";
import { recordOrderEvent } from "./timeline";

// A person has dealt with what flagged an order for attention (a late or short payment, a refund
// due, amounts that disagreed) and says how. The flag is cleared and the note written to the
// timeline in one transaction under the order's row lock, so of two people handling the same
// order at once, one writes the entry and the other is told it was already handled.

export const HANDLED_NOTE_MAX_CHARS = 500;

/** The note: what was done, in the person's words; trimmed, 1 to 500 characters. */
export const handledNoteSchema = storableTextSchema().trim().min(1).max(HANDLED_NOTE_MAX_CHARS);

export type MarkHandledError = { code: "not_found" | "not_flagged" | "invalid_note"; message: string };

export async function markAttentionHandled(
  db: Db,
  input: { orderId: string; note: string; actor?: string },
  now: Date,
): Promise<Result<{ note: string }, MarkHandledError>> {
  const note = handledNoteSchema.safeParse(input.note);
  if (!note.success) return err({ code: "invalid_note", message: `The note must be 1 to ${HANDLED_NOTE_MAX_CHARS} characters of text.` });
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<{ needsAttention: boolean }[]>`
      SELECT "needsAttention" FROM "Order" WHERE id = ${input.orderId} FOR UPDATE`;
    if (!order) return err({ code: "not_found" as const, message: `No order ${input.orderId}.` });
    if (!order.needsAttention) return err({ code: "not_flagged" as const, message: "The order is not flagged for attention (already handled?)." });
    await tx.order.update({ where: { id: input.orderId }, data: { needsAttention: false } });
    await recordOrderEvent(tx, { orderId: input.orderId, at: now, type: "attention_handled", params: { note: note.data }, actor: input.actor });
    return ok({ note: note.data });
  });
}
