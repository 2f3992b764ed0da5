-- Spelling-tolerant person search (persons/repo.ts search, docs/security.md "Search"): pg_trgm over the folded name
-- (vink_name_normalised, migration 0120: lower case, æ→ae, ø→oe, å→aa, accents removed), so "Provesen" finds
-- "Prøvesen" by trigram word similarity and part of a name finds by substring, both served by one GIN index.
-- pg_trgm is a trusted extension (PostgreSQL 13+), and PGlite loads it from its contrib build (platform/db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX persons_name_folded_trgm_idx ON persons USING gin (vink_name_normalised(full_name) gin_trgm_ops);
