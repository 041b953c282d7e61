import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

// PostgreSQL extensions the migrations create (CREATE EXTENSION), loaded into every PGlite: the
// app's and the tests' (lib/db/client.ts) and the Prisma CLI's shadow database (prisma.config.ts).
// A real PostgreSQL server ships them in its contrib package.
export const PGLITE_EXTENSIONS = { pg_trgm };
