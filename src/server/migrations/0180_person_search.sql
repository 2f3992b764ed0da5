-- Spelling-tolerant person search (persons/repo.ts search, docs/security.md "Search"): pg_trgm over the folded name
-- (vink_name_normalised, migration 0120: lower case, æ→ae, ø→oe, å→aa, accents removed), so "Provesen" finds
-- "Prøvesen" by trigram word similarity and part of a name finds by substring, both served by one GIN index.
-- pg_trgm is a trusted extension (PostgreSQL 13+), and PGlite loads it from its contrib build (platform/db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The folded name is stored (generated, so it never disagrees with full_name): folding is a chain of regular
-- expressions, too slow to repeat for every row a search compares or ranks.
ALTER TABLE persons ADD COLUMN name_folded text GENERATED ALWAYS AS (vink_name_normalised(full_name)) STORED;
CREATE INDEX persons_name_folded_trgm_idx ON persons USING gin (name_folded gin_trgm_ops);
