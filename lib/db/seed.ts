import type { PrismaClient } from "./generated/prisma/client";

// The demo shop's catalog. Inserted once when the table is empty, so a merchant's own edits to
// products survive restarts.
export const DEMO_CATALOG = [
  {
    id: "kopi-gayo-250",
    name: "Kopi Arabika Gayo 250 g",
    description: "Biji kopi sangrai medium dari dataran tinggi Gayo, Aceh.",
    price: 89_000,
    imagePath: "/products/kopi-gayo.svg",
  },
  {
    id: "teh-melati-100",
    name: "Teh Melati Tubruk 100 g",
    description: "Teh hijau wangi melati, diseduh tubruk seperti di rumah nenek.",
    price: 32_500,
    imagePath: "/products/teh-melati.svg",
  },
  {
    id: "sambal-bawang",
    name: "Sambal Bawang Bu Rudy 200 g",
    description: "Sambal bawang pedas gurih, tanpa pengawet.",
    price: 41_000,
    imagePath: "/products/sambal-bawang.svg",
  },
  {
    id: "batik-tulis-lasem",
    name: "Kain Batik Tulis Lasem",
    description: "Kain batik tulis tangan 2 × 1,15 m, motif Latohan.",
    price: 1_250_000,
    imagePath: "/products/batik-lasem.svg",
  },
  {
    id: "keripik-tempe",
    name: "Keripik Tempe Sagu 150 g",
    description: "Keripik tempe renyah khas Malang.",
    price: 18_000,
    imagePath: "/products/keripik-tempe.svg",
  },
  {
    id: "tas-anyaman-pandan",
    name: "Tas Anyaman Pandan",
    description: "Tas jinjing anyaman pandan buatan perajin Tasikmalaya.",
    price: 275_000,
    imagePath: "/products/tas-pandan.svg",
  },
] as const;

export async function ensureCatalog(db: PrismaClient): Promise<void> {
  if ((await db.product.count()) > 0) return;
  await db.product.createMany({
    data: DEMO_CATALOG.map((product, index) => ({ ...product, sortOrder: index })),
    skipDuplicates: true,
  });
}
