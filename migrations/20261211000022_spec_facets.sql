-- Spec facets: which product specifications a category's listing offers as filters ("Chipset"
-- and "Memory" for graphics cards), in the order the filter panel shows them. Names match the
-- first element of `products.specs` rows, ignoring case. Admins edit them with the category;
-- a category without any offers only the common filters (brand, price, availability).
ALTER TABLE categories
    ADD COLUMN spec_facets text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT categories_spec_facets_count CHECK (cardinality(spec_facets) <= 8);
