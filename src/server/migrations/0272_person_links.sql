-- Family and relationships (docs/domain.md, "Family and relationships"): a link between two persons of the register
-- with its kind, a note and, where the link is shared, the legal basis. A link is visible only when both persons are
-- (the restrictive policy below runs under the persons' own policies), so a link never reveals a person the actor may
-- not see; the repository applies the same rule with person.read's reaches.
CREATE TABLE person_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  linked_person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  -- What the linked person is to the person: parent, child, sibling, partner, other relative or associate.
  kind text NOT NULL CONSTRAINT person_links_kind_ck CHECK (kind IN ('parent', 'child', 'sibling', 'partner', 'other_relative', 'associate')),
  note text CONSTRAINT person_links_note_ck CHECK (length(note) BETWEEN 1 AND 2000),
  legal_basis text CONSTRAINT person_links_legal_basis_ck CHECK (legal_basis IN ('retsplejeloven_115', 'serviceloven', 'consent', 'other')),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CONSTRAINT person_links_distinct_ck CHECK (person_id <> linked_person_id),
  CONSTRAINT person_links_pair_uq UNIQUE (person_id, linked_person_id)
);
COMMENT ON TABLE person_links IS 'Family and other relations between persons. Retention: with the person (the longer of the two).';
COMMENT ON COLUMN person_links.kind IS 'The family relation (ordinary personal data; a family link may reveal a relative''s involvement). Retention: with the persons.';
COMMENT ON COLUMN person_links.note IS 'Free text by staff on the relation; may describe either person (sensitive, Art. 9/10). Retention: with the persons.';
COMMENT ON COLUMN person_links.legal_basis IS 'The legal basis on which the link is shared with partners, when it is. Retention: with the persons.';
CREATE INDEX person_links_linked_idx ON person_links (linked_person_id);

GRANT SELECT, INSERT, DELETE ON person_links TO vink_app;

ALTER TABLE person_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_links FORCE ROW LEVEL SECURITY;
CREATE POLICY person_links_system ON person_links USING (current_user <> 'vink_app');
CREATE POLICY person_links_scope ON person_links TO vink_app
  USING (EXISTS (SELECT 1 FROM persons a WHERE a.id = person_id) AND EXISTS (SELECT 1 FROM persons b WHERE b.id = linked_person_id))
  WITH CHECK (EXISTS (SELECT 1 FROM persons a WHERE a.id = person_id) AND EXISTS (SELECT 1 FROM persons b WHERE b.id = linked_person_id));

-- A parent or relative coach course names the coached relative as a person of the register.
ALTER TABLE courses ADD COLUMN coached_person_id uuid REFERENCES persons (id);
COMMENT ON COLUMN courses.coached_person_id IS 'The relative coached by a relative_coach course (a person of the register; ordinary personal data). Retention: case class (case_closed).';
ALTER TABLE courses ADD CONSTRAINT courses_coached_person_ck CHECK (coached_person_id IS NULL OR kind = 'relative_coach');
