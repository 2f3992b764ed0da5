-- Risk environments and networks (docs/domain.md, "Risk environments and networks"): what the 2020-21 action plan adds
-- to the unit's prevention work. Both are registers of the unit's own knowledge about places, groups and organisations,
-- never about individuals: an environment has a name, a description, an area, its entry points and its key actors
-- described as roles or organisations ("træner i klubben", "boligsocial helhedsplan"), never as named persons.
-- Outreach activities link to the environment (or network) they were held in, and a concern may name the
-- environment it came from, so "the count of later concerns from an environment" is a figure (plans indicators).

CREATE TABLE risk_environments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  name text NOT NULL CONSTRAINT risk_environments_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CONSTRAINT risk_environments_description_ck CHECK (length(description) <= 2000),
  area text NOT NULL DEFAULT '' CONSTRAINT risk_environments_area_ck CHECK (length(area) <= 200),
  -- Entry points: a list of short texts (places, channels, occasions), at most 20.
  entry_points jsonb NOT NULL DEFAULT '[]' CONSTRAINT risk_environments_entry_points_ck
    CHECK (jsonb_typeof(entry_points) = 'array' AND jsonb_array_length(entry_points) <= 20),
  -- Key actors: a list of {kind: 'role' | 'organisation', description}, at most 30; roles and organisations only.
  key_actors jsonb NOT NULL DEFAULT '[]' CONSTRAINT risk_environments_key_actors_ck
    CHECK (jsonb_typeof(key_actors) = 'array' AND jsonb_array_length(key_actors) <= 30),
  started_on date NOT NULL,
  closed_on date,
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT risk_environments_name_uq UNIQUE (unit_id, name),
  CONSTRAINT risk_environments_period_ck CHECK (closed_on IS NULL OR closed_on >= started_on)
);
COMMENT ON TABLE risk_environments IS 'Register of risk environments of the unit: places, groups and their key actors as roles or organisations. No personal data; not subject to a retention class (kept while the unit works with it).';
COMMENT ON COLUMN risk_environments.description IS 'Free text about the environment; must not contain personal data (roles and organisations only).';
COMMENT ON COLUMN risk_environments.key_actors IS 'Key actors as roles or organisations; must not contain personal data (no names of persons).';
COMMENT ON COLUMN risk_environments.entry_points IS 'Entry points (places, channels, occasions); must not contain personal data.';

-- Networks beside the citizen forum: the mosque network, parent networks and NGOs.
CREATE TABLE prevention_networks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CONSTRAINT prevention_networks_kind_ck CHECK (kind IN ('mosque_network', 'parent_network', 'ngo')),
  name text NOT NULL CONSTRAINT prevention_networks_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CONSTRAINT prevention_networks_description_ck CHECK (length(description) <= 2000),
  -- Member organisations (mosques, associations, parent groups), as names of organisations: at most 100.
  organisations jsonb NOT NULL DEFAULT '[]' CONSTRAINT prevention_networks_organisations_ck
    CHECK (jsonb_typeof(organisations) = 'array' AND jsonb_array_length(organisations) <= 100),
  started_on date NOT NULL,
  ended_on date,
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT prevention_networks_name_uq UNIQUE (unit_id, kind, name),
  CONSTRAINT prevention_networks_period_ck CHECK (ended_on IS NULL OR ended_on >= started_on)
);
COMMENT ON TABLE prevention_networks IS 'Register of networks beside the citizen forum (mosque network, parent networks, NGOs). Organisations only, no personal data.';
COMMENT ON COLUMN prevention_networks.description IS 'Free text about the network; must not contain personal data.';
COMMENT ON COLUMN prevention_networks.organisations IS 'Member organisations by name; must not contain personal data.';

-- An activity held in an environment or with a network (at most one of each). Kept beside the activity, owned by the
-- environments module, so the activity's own record is unchanged.
CREATE TABLE activity_links (
  activity_id uuid PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  environment_id uuid REFERENCES risk_environments (id),
  network_id uuid REFERENCES prevention_networks (id),
  linked_by uuid NOT NULL REFERENCES users (id),
  linked_at timestamptz NOT NULL,
  CONSTRAINT activity_links_some_ck CHECK (environment_id IS NOT NULL OR network_id IS NOT NULL)
);
CREATE INDEX activity_links_environment_idx ON activity_links (environment_id) WHERE environment_id IS NOT NULL;
CREATE INDEX activity_links_network_idx ON activity_links (network_id) WHERE network_id IS NOT NULL;

-- The environment a concern came from (optional). Deleted with the concern (retention), so it never outlives it.
CREATE TABLE concern_environments (
  concern_id uuid PRIMARY KEY REFERENCES concerns (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  environment_id uuid NOT NULL REFERENCES risk_environments (id),
  -- The concern's receipt, copied when linked, so the register's counts need no read of the concern itself.
  received_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL
);
COMMENT ON TABLE concern_environments IS 'Which risk environment a concern came from; deleted with the concern (concern class). Holds ids only.';
CREATE INDEX concern_environments_environment_idx ON concern_environments (environment_id);

GRANT SELECT, INSERT, UPDATE ON risk_environments, prevention_networks TO vink_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON activity_links, concern_environments TO vink_app;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['risk_environments', 'prevention_networks', 'activity_links', 'concern_environments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (current_user <> ''vink_app'')', t || '_system', t);
    EXECUTE format('CREATE POLICY %I ON %I TO vink_app USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()))',
      t || '_scope', t);
  END LOOP;
END $$;
