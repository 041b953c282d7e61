import type { Db } from "@/lib/db/client";

export interface ShopProduct {
  id: string;
  name: string;
  description: string;
  price: number;
  imagePath: string;
}

export async function listProducts(db: Db): Promise<ShopProduct[]> {
  return db.product.findMany({
    where: { active: true },
    orderBy: { sortOrder: "asc" },
    select: { id: true, name: true, description: true, price: true, imagePath: true },
  });
}
