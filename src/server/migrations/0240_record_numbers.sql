-- Case and journal numbers (docs/domain.md, "Case and journal numbers"): every concern and every case gets a
-- human-readable number `<municipality code>-<year>-<sequence>`, e.g. 101-2026-0042, the reference staff use on the
-- phone and in e-mails. One sequence per unit and year, shared by concerns and cases, so a number names exactly one
-- record of the unit. The counter row is locked by the upsert until the inserting transaction ends: two concurrent
-- registrations wait for each other and never get one number, and a rolled-back insert returns its number
-- (gap-free as long as records are not deleted).

CREATE TABLE record_counters (
  unit_id uuid NOT NULL REFERENCES units (id),
  year integer NOT NULL CONSTRAINT record_counters_year_ck CHECK (year BETWEEN 2000 AND 2999),
  last_value integer NOT NULL CONSTRAINT record_counters_last_value_ck CHECK (last_value >= 1),
  CONSTRAINT record_counters_pk PRIMARY KEY (unit_id, year)
);
COMMENT ON TABLE record_counters IS 'Last number given per unit and year (concerns and cases share it); no personal data.';

ALTER TABLE concerns ADD COLUMN number text CONSTRAINT concerns_number_ck CHECK (number ~ '^[0-9]{3}-[0-9]{4}-[0-9]{4,}$');
ALTER TABLE cases ADD COLUMN number text CONSTRAINT cases_number_ck CHECK (number ~ '^[0-9]{3}-[0-9]{4}-[0-9]{4,}$');
COMMENT ON COLUMN concerns.number IS 'Journal number (municipality-year-sequence); no personal data by itself. Retention: with the concern.';
COMMENT ON COLUMN cases.number IS 'Case number (municipality-year-sequence); no personal data by itself. Retention: with the case.';

-- The next number of a unit for the year of at (Danish time). Runs as the owner: the app role has no grant on the
-- counters and cannot set or skip a number.
CREATE FUNCTION vink_next_record_number(p_unit uuid, p_at timestamptz) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  y integer := extract(year FROM (p_at AT TIME ZONE 'Europe/Copenhagen'))::integer;
  v integer;
  code text;
BEGIN
  INSERT INTO record_counters AS rc (unit_id, year, last_value) VALUES (p_unit, y, 1)
    ON CONFLICT (unit_id, year) DO UPDATE SET last_value = rc.last_value + 1
    RETURNING rc.last_value INTO v;
  SELECT municipality_code INTO code FROM units WHERE id = p_unit;
  RETURN code || '-' || y::text || '-' || lpad(v::text, 4, '0');
END $$;

-- Backfill in order of creation, concerns and cases interleaved, so the old records read in the order they arrived.
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT 'concern' AS t, id, unit_id, created_at FROM concerns
    UNION ALL SELECT 'case', id, unit_id, created_at FROM cases
    ORDER BY created_at, t, id
  LOOP
    IF r.t = 'concern' THEN
      UPDATE concerns SET number = vink_next_record_number(r.unit_id, r.created_at) WHERE id = r.id;
    ELSE
      UPDATE cases SET number = vink_next_record_number(r.unit_id, r.created_at) WHERE id = r.id;
    END IF;
  END LOOP;
END $$;

-- Assigned on creation by the database, whatever the insert path (requests, demo loader, tests); never changed.
CREATE FUNCTION vink_assign_record_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.number := vink_next_record_number(NEW.unit_id, NEW.created_at);
  ELSIF NEW.number IS DISTINCT FROM OLD.number THEN
    RAISE EXCEPTION 'a record number is never changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER concerns_number_tg BEFORE INSERT OR UPDATE OF number ON concerns FOR EACH ROW EXECUTE FUNCTION vink_assign_record_number();
CREATE TRIGGER cases_number_tg BEFORE INSERT OR UPDATE OF number ON cases FOR EACH ROW EXECUTE FUNCTION vink_assign_record_number();

ALTER TABLE concerns ALTER COLUMN number SET NOT NULL;
ALTER TABLE cases ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX concerns_number_uq ON concerns (unit_id, number);
CREATE UNIQUE INDEX cases_number_uq ON cases (unit_id, number);
