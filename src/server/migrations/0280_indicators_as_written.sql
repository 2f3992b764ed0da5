-- 0280 Indicators that measure the action plans' words (issue 14, item 1; docs/domain.md, "Indicators as the plan
-- words them").
--
-- 1. SSP (the SSP lokaludvalg) and health are audience sectors beside psychiatry (behandlingspsykiatrien), so the
--    2020-21 plan's "2 strategisk udvalgte faggrupper" can name the groups it chose.
-- 2. A milestone ("koncept for opsøgende dialog udviklet / implementeret") is met by a recorded decision with its
--    date, who approved it and the document, not by "any outreach activity happened".

ALTER TABLE activities DROP CONSTRAINT activities_audience_sector_ck;
ALTER TABLE activities ADD CONSTRAINT activities_audience_sector_ck CHECK (audience_sector IN ('school', 'social_services', 'club', 'psychiatry',
  'housing', 'police', 'parents', 'pupils', 'civil_society', 'religious_communities', 'other', 'ssp', 'health'));

CREATE TABLE milestone_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL CONSTRAINT milestone_decisions_unit_fk REFERENCES units (id),
  plan_id uuid NOT NULL CONSTRAINT milestone_decisions_plan_fk REFERENCES action_plans (id) ON DELETE CASCADE,
  milestone_key text NOT NULL CONSTRAINT milestone_decisions_key_ck CHECK (milestone_key ~ '^[a-z_]{2,60}$'),
  decided_on date NOT NULL,
  approved_by text NOT NULL CONSTRAINT milestone_decisions_approved_by_ck CHECK (length(approved_by) BETWEEN 1 AND 200),
  document_ref text NOT NULL CONSTRAINT milestone_decisions_document_ck CHECK (length(document_ref) BETWEEN 1 AND 500),
  created_by uuid NOT NULL CONSTRAINT milestone_decisions_created_by_fk REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX milestone_decisions_unit_key_idx ON milestone_decisions (unit_id, milestone_key, decided_on);
COMMENT ON COLUMN milestone_decisions.approved_by IS 'The body or office holder who approved the milestone (a committee or a manager by title); ordinary staff data at most, never about citizens. Retention: with the action plan.';
COMMENT ON COLUMN milestone_decisions.document_ref IS 'Reference to the decision document (journal number or title); no personal data about citizens. Retention: with the action plan.';
COMMENT ON COLUMN milestone_decisions.created_by IS 'Staff member who recorded the decision. Retention: with the action plan.';

GRANT SELECT, INSERT ON milestone_decisions TO vink_app;
ALTER TABLE milestone_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE milestone_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY milestone_decisions_system ON milestone_decisions USING (current_user <> 'vink_app');
CREATE POLICY milestone_decisions_scope ON milestone_decisions TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));

-- Existing milestone indicators named an activity kind; they now name the milestone a decision is recorded for. The
-- reference plan's two milestones get the keys of src/server/modules/plans/reference.ts; any other keeps its own.
UPDATE plan_indicators i SET params = jsonb_build_object('milestoneKey',
    CASE WHEN p.reference_key = 'vink-2020-21' AND i.label_da LIKE '2020%' THEN 'outreach_concept_developed'
         WHEN p.reference_key = 'vink-2020-21' AND i.label_da LIKE '2021%' THEN 'outreach_concept_implemented'
         ELSE 'milestone_' || i.position END)
  FROM action_plans p
 WHERE p.id = i.plan_id AND i.measure = 'milestone';
