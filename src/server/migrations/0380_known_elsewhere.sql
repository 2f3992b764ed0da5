-- 0380 "Is this person already known?" across units, privacy first (docs/domain.md, "Already known elsewhere";
-- docs/security.md, "Already known elsewhere"). A cross-unit index of keyed hashes of CPR numbers (HMAC-SHA256 with a
-- key derived from the instance's secret, computed by the application: the database never holds the key and the index
-- never a readable CPR number). At intake a user with a CPR number may ask whether the person has an open case or
-- concern in another unit; the answer is only the unit and its coordinator contact. The question and its answers are
-- kept (keyed hash, units, purpose; no content) so they appear in the person's access-request export in both units.
-- A unit's setting switches the question off, for asking and for answering.

-- The index: one keyed hash per person with a CPR number. Kept current by the database: a person inserted with a CPR
-- number, or whose CPR number changes, loses its key at once and is queued (known_person_pending) for the application
-- to hash (the system path, before every question and on the scheduler's tick). Whether the person has an open case
-- or concern, and in which unit, is read live at the question, so closing a case or a transfer needs no upkeep here.
CREATE TABLE known_person_keys (
  person_id uuid PRIMARY KEY CONSTRAINT known_person_keys_person_fk REFERENCES persons (id) ON DELETE CASCADE,
  cpr_key text NOT NULL CONSTRAINT known_person_keys_key_ck CHECK (cpr_key ~ '^[0-9a-f]{64}$')
);
CREATE INDEX known_person_keys_key_idx ON known_person_keys (cpr_key);
COMMENT ON TABLE known_person_keys IS 'Cross-unit index: keyed hash (HMAC-SHA256, key outside the database) of the person''s CPR number. Pseudonymised personal data; never readable by vink_app. Retention: with the person (cascade; removed when the CPR number is).';
COMMENT ON COLUMN known_person_keys.cpr_key IS 'HMAC-SHA256 of the CPR number (pseudonymised CPR, databeskyttelsesloven § 11). Retention: with the person.';

CREATE TABLE known_person_pending (
  person_id uuid PRIMARY KEY CONSTRAINT known_person_pending_person_fk REFERENCES persons (id) ON DELETE CASCADE
);
COMMENT ON TABLE known_person_pending IS 'Persons whose CPR number is not hashed into known_person_keys yet (ids only).';

CREATE FUNCTION vink_known_person_track() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.cpr IS NOT DISTINCT FROM OLD.cpr THEN RETURN NULL; END IF;
  DELETE FROM known_person_keys WHERE person_id = NEW.id;
  IF NEW.cpr IS NOT NULL THEN
    INSERT INTO known_person_pending (person_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM known_person_pending WHERE person_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER persons_known_person_track AFTER INSERT OR UPDATE OF cpr ON persons
  FOR EACH ROW EXECUTE FUNCTION vink_known_person_track();
INSERT INTO known_person_pending (person_id) SELECT id FROM persons WHERE cpr IS NOT NULL;

-- A unit's setting: whether it takes part (asks and answers), and the contact the asker is given.
CREATE TABLE known_person_settings (
  unit_id uuid PRIMARY KEY CONSTRAINT known_person_settings_unit_fk REFERENCES units (id),
  enabled boolean NOT NULL DEFAULT true,
  contact text CONSTRAINT known_person_settings_contact_ck CHECK (length(contact) BETWEEN 1 AND 300),
  updated_by uuid CONSTRAINT known_person_settings_updated_by_fk REFERENCES users (id),
  updated_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
COMMENT ON COLUMN known_person_settings.contact IS 'How other units reach the coordinators (a function mailbox or phone; must not name a citizen). Ordinary staff data. Retention: while the unit exists.';
GRANT SELECT, INSERT, UPDATE (enabled, contact, updated_by, updated_at, version) ON known_person_settings TO vink_app;
ALTER TABLE known_person_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_person_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY known_person_settings_system ON known_person_settings USING (current_user <> 'vink_app');
CREATE POLICY known_person_settings_unit ON known_person_settings TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));

-- The questions and each unit's answer: no content, no readable CPR number. vink_app has no privilege on either table;
-- it asks through vink_known_person_ask and reads a person's questions through vink_known_person_questions_for.
CREATE TABLE known_person_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asked_at timestamptz NOT NULL,
  asked_by uuid NOT NULL CONSTRAINT known_person_questions_asked_by_fk REFERENCES users (id),
  asking_unit_id uuid NOT NULL CONSTRAINT known_person_questions_unit_fk REFERENCES units (id),
  purpose text NOT NULL CONSTRAINT known_person_questions_purpose_ck CHECK (length(purpose) BETWEEN 3 AND 300),
  cpr_key text NOT NULL CONSTRAINT known_person_questions_key_ck CHECK (cpr_key ~ '^[0-9a-f]{64}$')
);
CREATE INDEX known_person_questions_key_idx ON known_person_questions (cpr_key);
COMMENT ON COLUMN known_person_questions.cpr_key IS 'Keyed hash of the CPR number asked about (pseudonymised CPR). Retention: audit class (5 years).';
COMMENT ON COLUMN known_person_questions.purpose IS 'Why the user asked, in their words (may describe the situation; sensitive). Retention: audit class (5 years).';
CREATE TABLE known_person_answers (
  question_id uuid NOT NULL CONSTRAINT known_person_answers_question_fk REFERENCES known_person_questions (id),
  unit_id uuid NOT NULL CONSTRAINT known_person_answers_unit_fk REFERENCES units (id),
  person_id uuid CONSTRAINT known_person_answers_person_fk REFERENCES persons (id) ON DELETE SET NULL,
  -- known: the unit was named to the asker; switched_off: the unit has a match but does not take part (not named).
  outcome text NOT NULL CONSTRAINT known_person_answers_outcome_ck CHECK (outcome IN ('known', 'switched_off')),
  CONSTRAINT known_person_answers_pk PRIMARY KEY (question_id, unit_id)
);
COMMENT ON COLUMN known_person_answers.person_id IS 'The answering unit''s person (a reference, for the person''s access-request export). Retention: audit class.';
ALTER TABLE known_person_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_person_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE known_person_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_person_pending FORCE ROW LEVEL SECURITY;
ALTER TABLE known_person_questions ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_person_questions FORCE ROW LEVEL SECURITY;
ALTER TABLE known_person_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE known_person_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY known_person_keys_system ON known_person_keys USING (current_user <> 'vink_app');
CREATE POLICY known_person_pending_system ON known_person_pending USING (current_user <> 'vink_app');
CREATE POLICY known_person_questions_system ON known_person_questions USING (current_user <> 'vink_app');
CREATE POLICY known_person_answers_system ON known_person_answers USING (current_user <> 'vink_app');

-- The question, checked in the database: the asking unit takes part; the answer is, per other unit with an open case
-- (not closed) or an open concern (not yet concluded) about a person of that CPR key, the unit, its name, whether it
-- takes part, the coordinators' contact (only when it does) and that unit's person (for its audit row, never shown).
CREATE FUNCTION vink_known_person_ask(p_key text, p_purpose text, p_at timestamptz)
  RETURNS TABLE (question_id uuid, unit_id uuid, unit_name text, outcome text, contact text, coordinators text, person_id uuid, asking_person_id uuid)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_q uuid;
  v_unit uuid := (vink_actor_units())[1];
  v_asking_person uuid;
BEGIN
  IF vink_actor_role() NOT IN ('adviser', 'coordinator') OR v_unit IS NULL THEN
    RAISE EXCEPTION 'this actor may not ask' USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT 1 FROM known_person_settings s WHERE s.unit_id = v_unit AND NOT s.enabled) THEN
    RAISE EXCEPTION 'the asking unit has switched the question off' USING ERRCODE = '42501';
  END IF;
  INSERT INTO known_person_questions (asked_at, asked_by, asking_unit_id, purpose, cpr_key)
    VALUES (p_at, vink_actor_id(), v_unit, p_purpose, p_key) RETURNING id INTO v_q;
  SELECT k.person_id INTO v_asking_person FROM known_person_keys k JOIN persons p ON p.id = k.person_id
   WHERE k.cpr_key = p_key AND p.unit_id = v_unit LIMIT 1;
  INSERT INTO known_person_answers (question_id, unit_id, person_id, outcome)
  SELECT DISTINCT ON (x.unit_id) v_q, x.unit_id, x.person_id,
         CASE WHEN coalesce(st.enabled, true) THEN 'known' ELSE 'switched_off' END
    FROM (SELECT c.unit_id, c.person_id FROM cases c WHERE c.status <> 'closed'
          UNION ALL
          SELECT k.unit_id, k.person_id FROM concerns k WHERE k.status IN ('received', 'police_check', 'infohus')) x
    JOIN known_person_keys kk ON kk.person_id = x.person_id AND kk.cpr_key = p_key
    LEFT JOIN known_person_settings st ON st.unit_id = x.unit_id
   WHERE x.unit_id <> ALL (vink_actor_units())
   ORDER BY x.unit_id, x.person_id;
  RETURN QUERY
  SELECT v_q, a.unit_id, u.name, a.outcome,
         CASE WHEN a.outcome = 'known' THEN (SELECT s.contact FROM known_person_settings s WHERE s.unit_id = a.unit_id) END,
         CASE WHEN a.outcome = 'known' THEN (SELECT string_agg(us.display_name, ', ' ORDER BY us.display_name) FROM users us
                                              WHERE us.unit_id = a.unit_id AND us.role = 'coordinator' AND us.disabled_at IS NULL) END,
         a.person_id, v_asking_person
    FROM known_person_answers a JOIN units u ON u.id = a.unit_id
   WHERE a.question_id = v_q
   ORDER BY u.name;
  IF NOT FOUND THEN
    RETURN QUERY SELECT v_q, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::uuid, v_asking_person;
  END IF;
END $$;
GRANT EXECUTE ON FUNCTION vink_known_person_ask(text, text, timestamptz) TO vink_app;

-- The questions about a person of the actor's unit, for the person's access-request export: the DPO under the
-- purpose access_request only. Each question the unit asked (with the CPR key of the unit's person) and each it
-- answered; the other units' answers are not listed (the asking unit learnt only the units named to it).
CREATE FUNCTION vink_known_person_questions_for(p_person uuid)
  RETURNS TABLE (question_id uuid, asked_at timestamptz, asking_unit text, purpose text, side text, answer text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS (
    SELECT p.id, p.unit_id, k.cpr_key FROM persons p LEFT JOIN known_person_keys k ON k.person_id = p.id
     WHERE p.id = p_person AND p.unit_id = ANY (vink_actor_units())
       AND vink_actor_role() = 'dpo' AND current_setting('vink.purpose', true) = 'access_request')
  SELECT q.id, q.asked_at, u.name, q.purpose, 'asked',
         coalesce((SELECT string_agg(uu.name, ', ' ORDER BY uu.name) FROM known_person_answers a JOIN units uu ON uu.id = a.unit_id
                    WHERE a.question_id = q.id AND a.outcome = 'known'), '')
    FROM me JOIN known_person_questions q ON q.cpr_key = me.cpr_key AND q.asking_unit_id = me.unit_id
    JOIN units u ON u.id = q.asking_unit_id
  UNION ALL
  SELECT q.id, q.asked_at, u.name, q.purpose, 'answered', a.outcome
    FROM me JOIN known_person_answers a ON a.person_id = me.id AND a.unit_id = me.unit_id
    JOIN known_person_questions q ON q.id = a.question_id
    JOIN units u ON u.id = q.asking_unit_id
  ORDER BY 2, 1 $$;
GRANT EXECUTE ON FUNCTION vink_known_person_questions_for(uuid) TO vink_app;
