-- 0360 Vocabularies an administrator can keep (issue 14, item 5; docs/domain.md, "Vocabularies").
--
-- Behaviour indicators, offer types, activity kinds, session forms, reporter and audience sectors, concern categories
-- and online platforms are data: one table each (the same shape as behaviour_indicators of 0002), referenced by a
-- foreign key instead of a CHECK list. An entry is added, renamed and deactivated, never deleted while a record uses
-- it (the foreign keys refuse that). Every label an entry has had is kept in vocabulary_labels with the moment it
-- took effect, so the statistics of a past year show the labels of that year (vocabularies/repo.ts).
--
-- Also the 2020-21 plan's new values (issue 14, item 4): child welfare as an offer type, the home visit as a session
-- form, categories for hate crime, antisemitism and politically motivated vandalism, online activity with its
-- platform on concerns and calls, and the returnee flag on a concern.

ALTER TABLE behaviour_indicators
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['offer_types', 'activity_kinds', 'session_forms', 'reporter_sectors', 'audience_sectors',
                           'concern_categories', 'online_platforms'] LOOP
    EXECUTE format($f$CREATE TABLE %1$I (
      code text PRIMARY KEY CONSTRAINT %2$I CHECK (code ~ '^[a-z][a-z_]{1,59}$'),
      label_da text NOT NULL CONSTRAINT %3$I CHECK (length(label_da) BETWEEN 1 AND 200),
      label_en text NOT NULL CONSTRAINT %4$I CHECK (length(label_en) BETWEEN 1 AND 200),
      position smallint NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    )$f$, t, t || '_code_ck', t || '_label_da_ck', t || '_label_en_ck');
    EXECUTE format('COMMENT ON TABLE %I IS %L', t, 'A vocabulary kept by the administrator (docs/domain.md, "Vocabularies"). No personal data.');
  END LOOP;
END $$;

INSERT INTO offer_types (code, label_da, label_en, position) VALUES
  ('mentor', 'Mentorforløb', 'Mentor course', 1),
  ('relative_coach', 'Pårørendecoach', 'Parent/relative coach', 2),
  ('exit_course', 'Exit-/resocialiseringsforløb', 'Exit/resocialisation course', 3),
  ('psychiatry', 'Psykiatri', 'Psychiatry', 4),
  ('employment_education', 'Beskæftigelses- eller uddannelsesindsats', 'Employment or education effort', 5),
  ('trauma_treatment', 'Traumebehandling', 'Trauma treatment', 6),
  ('child_welfare', 'Børne- og ungeindsats (barnets lov)', 'Child welfare measure (Children''s Act)', 7),
  ('other_service', 'Anden kommunal indsats', 'Other municipal service', 99);

INSERT INTO activity_kinds (code, label_da, label_en, position) VALUES
  ('awareness_talk', 'Oplysningsoplæg for frontpersonale', 'Awareness talk for front-line staff', 1),
  ('theme_day', 'Temadag', 'Theme day', 2),
  ('network_meeting', 'Netværksmøde', 'Network meeting', 3),
  ('conference', 'Årlig konference', 'Yearly conference', 4),
  ('school_course', 'Skoleforløb', 'School course', 5),
  ('parent_course', 'Forældrekursus', 'Parent course', 6),
  ('relative_course', 'Kursus for pårørende', 'Course for relatives', 7),
  ('citizen_forum_meeting', 'Møde i medborgerforum', 'Citizen forum meeting', 8),
  ('hearing', 'Høring', 'Hearing', 9),
  ('mosque_network_meeting', 'Møde i moskénetværk', 'Mosque network meeting', 10),
  ('outreach', 'Opsøgende arbejde i risikomiljøer', 'Outreach to risk environments', 11);
-- Any kind another migration allowed meanwhile keeps its rows valid (labelled by its code until renamed).
INSERT INTO activity_kinds (code, label_da, label_en, position)
  SELECT DISTINCT kind, kind, kind, 50 FROM activities ON CONFLICT (code) DO NOTHING;

INSERT INTO session_forms (code, label_da, label_en, position) VALUES
  ('in_person', 'Fysisk møde', 'In person', 1),
  ('phone', 'Telefon', 'Phone', 2),
  ('video', 'Video', 'Video', 3),
  ('home_visit', 'Hjemmebesøg', 'Home visit', 4),
  ('other', 'Andet', 'Other', 99);

INSERT INTO reporter_sectors (code, label_da, label_en, position) VALUES
  ('school', 'Skole', 'School', 1),
  ('social_services', 'Socialforvaltning', 'Social services', 2),
  ('psychiatry', 'Psykiatri', 'Psychiatry', 3),
  ('police', 'Politi', 'Police', 4),
  ('health', 'Sundhed', 'Health', 5),
  ('housing', 'Boligområde', 'Housing', 6),
  ('ssp', 'SSP', 'SSP', 7),
  ('relative', 'Pårørende', 'Relative', 8),
  ('citizen', 'Borger', 'Citizen', 9),
  ('anonymous', 'Anonym', 'Anonymous', 10);

INSERT INTO audience_sectors (code, label_da, label_en, position) VALUES
  ('school', 'Skole', 'School', 1),
  ('social_services', 'Socialforvaltning', 'Social services', 2),
  ('club', 'Klub/fritid', 'Club/leisure', 3),
  ('psychiatry', 'Psykiatri', 'Psychiatry', 4),
  ('housing', 'Boligområde', 'Housing area', 5),
  ('police', 'Politi', 'Police', 6),
  ('parents', 'Forældre', 'Parents', 7),
  ('pupils', 'Elever', 'Pupils', 8),
  ('civil_society', 'Civilsamfund', 'Civil society', 9),
  ('religious_communities', 'Trossamfund', 'Religious communities', 10),
  ('ssp', 'SSP (lokaludvalg)', 'SSP (local committee)', 11),
  ('health', 'Sundhed', 'Health', 12),
  ('other', 'Andet', 'Other', 99);
INSERT INTO audience_sectors (code, label_da, label_en, position)
  SELECT DISTINCT audience_sector, audience_sector, audience_sector, 50 FROM activities ON CONFLICT (code) DO NOTHING;

INSERT INTO concern_categories (code, label_da, label_en, position) VALUES
  ('hate_crime', 'Hadforbrydelse', 'Hate crime', 1),
  ('antisemitism', 'Antisemitisme', 'Antisemitism', 2),
  ('political_vandalism', 'Politisk motiveret hærværk', 'Politically motivated vandalism', 3);

INSERT INTO online_platforms (code, label_da, label_en, position) VALUES
  ('social_media', 'Sociale medier', 'Social media', 1),
  ('closed_chat', 'Lukket chatforum', 'Closed chat', 2),
  ('gaming_platform', 'Gamingplatform', 'Gaming platform', 3);

-- From CHECK lists to foreign keys (existing codes kept). NO ACTION on delete: an entry in use cannot be deleted.
ALTER TABLE offers DROP CONSTRAINT offers_type_ck,
  ADD CONSTRAINT offers_type_fk FOREIGN KEY (type) REFERENCES offer_types (code);
ALTER TABLE activities DROP CONSTRAINT activities_kind_ck,
  ADD CONSTRAINT activities_kind_fk FOREIGN KEY (kind) REFERENCES activity_kinds (code);
ALTER TABLE activities DROP CONSTRAINT activities_audience_sector_ck,
  ADD CONSTRAINT activities_audience_sector_fk FOREIGN KEY (audience_sector) REFERENCES audience_sectors (code);
ALTER TABLE course_sessions DROP CONSTRAINT course_sessions_form_ck,
  ADD CONSTRAINT course_sessions_form_fk FOREIGN KEY (form) REFERENCES session_forms (code);
ALTER TABLE concerns DROP CONSTRAINT concerns_reporter_sector_ck,
  ADD CONSTRAINT concerns_reporter_sector_fk FOREIGN KEY (reporter_sector) REFERENCES reporter_sectors (code);

-- The 2020-21 plan's new values on concerns and calls.
ALTER TABLE concerns
  ADD COLUMN online boolean NOT NULL DEFAULT false,
  ADD COLUMN online_platform text CONSTRAINT concerns_online_platform_fk REFERENCES online_platforms (code),
  ADD COLUMN category text CONSTRAINT concerns_category_fk REFERENCES concern_categories (code),
  ADD COLUMN returnee boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT concerns_online_platform_ck CHECK (online_platform IS NULL OR online);
COMMENT ON COLUMN concerns.online IS 'The concern is about activity online. Ordinary data. Retention: kept with the concern''s statistics (survives anonymisation).';
COMMENT ON COLUMN concerns.online_platform IS 'The kind of platform (social media, closed chat, gaming platform), never an account or a link. Ordinary data. Retention: kept with the concern''s statistics (survives anonymisation).';
COMMENT ON COLUMN concerns.category IS 'A category beside the ideology (hate crime, antisemitism, politically motivated vandalism). Ordinary data. Retention: kept with the concern''s statistics (survives anonymisation).';
COMMENT ON COLUMN concerns.returnee IS 'The person returned from a conflict zone (hjemvendt fra konfliktområde): personal data about the person, sensitive. Retention: with the concern; kept for the statistics once the identity is anonymised.';

ALTER TABLE calls
  ADD COLUMN online boolean NOT NULL DEFAULT false,
  ADD COLUMN online_platform text CONSTRAINT calls_online_platform_fk REFERENCES online_platforms (code),
  ADD COLUMN category text CONSTRAINT calls_category_fk REFERENCES concern_categories (code),
  ADD CONSTRAINT calls_online_platform_ck CHECK (online_platform IS NULL OR online);
COMMENT ON COLUMN calls.online IS 'The call is about activity online. Ordinary data (calls are anonymous). Retention: with the call.';
COMMENT ON COLUMN calls.online_platform IS 'The kind of platform, never an account or a link. Ordinary data. Retention: with the call.';
COMMENT ON COLUMN calls.category IS 'A category beside the ideology (hate crime, antisemitism, politically motivated vandalism). Ordinary data. Retention: with the call.';

-- Every label an entry has had, from the moment it took effect (the first row of each seeded entry from -infinity,
-- so a figure of any past year has a label). A row also records whether the entry was active from then on.
CREATE TABLE vocabulary_labels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vocabulary text NOT NULL CONSTRAINT vocabulary_labels_vocabulary_ck CHECK (vocabulary IN ('behaviour_indicator', 'offer_type',
    'activity_kind', 'session_form', 'reporter_sector', 'audience_sector', 'category', 'online_platform')),
  code text NOT NULL,
  label_da text NOT NULL,
  label_en text NOT NULL,
  active boolean NOT NULL,
  valid_from timestamptz NOT NULL,
  changed_by uuid CONSTRAINT vocabulary_labels_changed_by_fk REFERENCES users (id)
);
CREATE INDEX vocabulary_labels_code_idx ON vocabulary_labels (vocabulary, code, valid_from);
COMMENT ON COLUMN vocabulary_labels.changed_by IS 'The administrator who made the change (staff data). Retention: kept with the vocabulary.';

INSERT INTO vocabulary_labels (vocabulary, code, label_da, label_en, active, valid_from)
  SELECT 'behaviour_indicator', code, label_da, label_en, active, '-infinity'::timestamptz FROM behaviour_indicators
  UNION ALL SELECT 'offer_type', code, label_da, label_en, active, '-infinity'::timestamptz FROM offer_types
  UNION ALL SELECT 'activity_kind', code, label_da, label_en, active, '-infinity'::timestamptz FROM activity_kinds
  UNION ALL SELECT 'session_form', code, label_da, label_en, active, '-infinity'::timestamptz FROM session_forms
  UNION ALL SELECT 'reporter_sector', code, label_da, label_en, active, '-infinity'::timestamptz FROM reporter_sectors
  UNION ALL SELECT 'audience_sector', code, label_da, label_en, active, '-infinity'::timestamptz FROM audience_sectors
  UNION ALL SELECT 'category', code, label_da, label_en, active, '-infinity'::timestamptz FROM concern_categories
  UNION ALL SELECT 'online_platform', code, label_da, label_en, active, '-infinity'::timestamptz FROM online_platforms;

-- Everyone signed in reads the vocabularies; only an administrator writes them (the repository checks policy
-- vocabulary.manage first; row-level security says the same to the database).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['behaviour_indicators', 'offer_types', 'activity_kinds', 'session_forms', 'reporter_sectors',
                           'audience_sectors', 'concern_categories', 'online_platforms'] LOOP
    EXECUTE format('GRANT SELECT, INSERT ON %I TO vink_app', t);
    EXECUTE format('GRANT UPDATE (label_da, label_en, position, active, version, updated_at) ON %I TO vink_app', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO vink_app USING (true)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO vink_app WITH CHECK (vink_actor_role() = %L)', t || '_admin_insert', t, 'admin');
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO vink_app USING (vink_actor_role() = %L) WITH CHECK (vink_actor_role() = %L)',
      t || '_admin_update', t, 'admin', 'admin');
  END LOOP;
END $$;
GRANT SELECT, INSERT ON vocabulary_labels TO vink_app;
ALTER TABLE vocabulary_labels ENABLE ROW LEVEL SECURITY;
CREATE POLICY vocabulary_labels_read ON vocabulary_labels FOR SELECT TO vink_app USING (true);
CREATE POLICY vocabulary_labels_admin_insert ON vocabulary_labels FOR INSERT TO vink_app WITH CHECK (vink_actor_role() = 'admin');

-- Whether any record in any unit uses an entry: the administrator's "in use" (an entry in use is deactivated, never
-- deleted). Answers one boolean and nothing about the records, so it runs as the owner (the administrator reaches
-- no case records; the server checks policy vocabulary.manage first).
CREATE FUNCTION vink_vocabulary_in_use(p_vocabulary text, p_code text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE p_vocabulary
    WHEN 'behaviour_indicator' THEN EXISTS (SELECT 1 FROM concern_behaviours WHERE indicator_code = p_code)
    WHEN 'offer_type' THEN EXISTS (SELECT 1 FROM offers WHERE type = p_code)
    WHEN 'activity_kind' THEN EXISTS (SELECT 1 FROM activities WHERE kind = p_code)
    WHEN 'session_form' THEN EXISTS (SELECT 1 FROM course_sessions WHERE form = p_code)
    WHEN 'reporter_sector' THEN EXISTS (SELECT 1 FROM concerns WHERE reporter_sector = p_code)
    WHEN 'audience_sector' THEN EXISTS (SELECT 1 FROM activities WHERE audience_sector = p_code)
    WHEN 'category' THEN EXISTS (SELECT 1 FROM concerns WHERE category = p_code) OR EXISTS (SELECT 1 FROM calls WHERE category = p_code)
    WHEN 'online_platform' THEN EXISTS (SELECT 1 FROM concerns WHERE online_platform = p_code) OR EXISTS (SELECT 1 FROM calls WHERE online_platform = p_code)
    ELSE false END
$$;
REVOKE ALL ON FUNCTION vink_vocabulary_in_use(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_vocabulary_in_use(text, text) TO vink_app;
