// The marketplace's categories and brands: the same for every shop of a sandbox.

import { BRANDS, CATEGORY_TREE } from "./vocabulary.js";

export function buildCatalogue() {
  const categories = CATEGORY_TREE.map(([id, parent_id, local_name, is_leaf]) => ({
    id, parent_id, local_name, is_leaf, permission_statuses: ["AVAILABLE"],
  }));
  const categoriesById = new Map(categories.map((c) => [c.id, c]));
  const leafCategories = categories.filter((c) => c.is_leaf);
  /** The category and its ancestors, root first. */
  const categoryChain = (id) => {
    const chain = [];
    for (let c = categoriesById.get(id); c; c = categoriesById.get(c.parent_id)) chain.unshift(c);
    return chain;
  };
  const brands = BRANDS.map(([id, name], i) => ({
    id, name, brand_status: "AVAILABLE", authorized_status: i < 3 ? "AUTHORIZED" : "UNAUTHORIZED", is_t1_brand: i === 0,
  }));
  return { categories, leafCategories, categoryChain, brands };
}
