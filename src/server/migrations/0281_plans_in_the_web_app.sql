-- 0281 Action plans made and edited in the web app (issue 14, item 2; docs/domain.md, "Action plans, targets and
-- budget"). Plans, tracks and budget lines hold no personal data: no column here needs a retention comment.
--
-- A plan is a draft until a committee approves it (status, committee, approval date). The approval date is required
-- when a plan is approved through the API; reference plans whose date the sources do not give may leave it empty.
ALTER TABLE action_plans
  ADD COLUMN status text NOT NULL DEFAULT 'draft' CONSTRAINT action_plans_status_ck CHECK (status IN ('draft', 'approved')),
  ADD COLUMN committee text CONSTRAINT action_plans_committee_ck CHECK (length(committee) BETWEEN 1 AND 200),
  ADD COLUMN approved_on date,
  ADD CONSTRAINT action_plans_approval_ck CHECK (status = 'draft' OR committee IS NOT NULL);

-- A track is a track (spor) or a target group (målgruppe), each with its purpose or effect text.
ALTER TABLE plan_tracks
  ADD COLUMN kind text NOT NULL DEFAULT 'track' CONSTRAINT plan_tracks_kind_ck CHECK (kind IN ('track', 'target_group')),
  ADD COLUMN purpose text CONSTRAINT plan_tracks_purpose_ck CHECK (length(purpose) BETWEEN 1 AND 2000);

-- Staffing is a budget line kind: "3 årsværk (1,8 mio. kr.)" is a staffing line of 3 FTE costing 1.8 M DKK.
ALTER TABLE budget_lines
  ADD COLUMN kind text NOT NULL DEFAULT 'money' CONSTRAINT budget_lines_kind_ck CHECK (kind IN ('money', 'staffing')),
  ADD COLUMN fte numeric(6, 2) CONSTRAINT budget_lines_fte_range_ck CHECK (fte > 0 AND fte <= 1000),
  ADD CONSTRAINT budget_lines_fte_ck CHECK ((kind = 'staffing') = (fte IS NOT NULL));

-- The reference plans already installed were adopted by the Beskæftigelses- og Integrationsudvalget (the plans'
-- own words: "Med VINK's handleplan 2020-21 vil Beskæftigelses- og Integrationsudvalget ..."); the sources give no
-- exact date, so none is invented.
UPDATE action_plans SET status = 'approved', committee = 'Beskæftigelses- og Integrationsudvalget'
 WHERE reference_key IN ('vink-2016-17', 'vink-2020-21');
-- Staffing in the reference data: nothing to convert; the BI2 2015-18 plan installed from now on carries its
-- "2 årsværk" as a staffing line (src/server/modules/plans/reference.ts).
