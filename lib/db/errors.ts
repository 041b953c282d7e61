import { Prisma } from "./generated/prisma/client";

/**
 * A unique-constraint violation, however the driver reports it: Prisma's P2002 (adapter-pg), or
 * the raw PostgreSQL 23505 that pglite-prisma-adapter 0.6.1 passes through unmapped.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  if (!(error instanceof Error) || error.name !== "DriverAdapterError") return false;
  const cause = (error as Error & { cause?: { kind?: string; code?: string } }).cause;
  return cause?.kind === "UniqueConstraintViolation" || (cause?.kind === "postgres" && cause.code === "23505");
}
