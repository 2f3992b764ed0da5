-- 0100 One answer per answer ticket on the public survey (docs/security.md, threat model: someone on the internet).
-- The answer page gets a random single-use ticket with the questions; an answer must present it, and storing the
-- answer deletes the ticket in the same transaction, so a client cannot send the same form 25 times. Only the
-- ticket's SHA-256 is kept, with its survey and when it expires: nothing about who fetched it (no address, no time of
-- the request, no cookie), and once used nothing ties it to the answer it let in. No personal data.

CREATE TABLE survey_tickets (
  ticket_hash bytea NOT NULL CONSTRAINT survey_tickets_hash_ck CHECK (length(ticket_hash) = 32),
  survey_id uuid NOT NULL CONSTRAINT survey_tickets_survey_fk REFERENCES surveys (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL CONSTRAINT survey_tickets_unit_fk REFERENCES units (id),
  expires_at timestamptz NOT NULL,
  CONSTRAINT survey_tickets_pk PRIMARY KEY (ticket_hash)
);
-- Expired tickets are swept per unit whenever a ticket is issued (prevention/repo.ts).
CREATE INDEX survey_tickets_unit_expiry_idx ON survey_tickets (unit_id, expires_at);

COMMENT ON TABLE survey_tickets IS 'Single-use answer tickets of public surveys (hash only). No personal data.';
COMMENT ON COLUMN survey_tickets.ticket_hash IS 'SHA-256 of the random ticket handed to the answer page. Not personal data.';
COMMENT ON COLUMN survey_tickets.expires_at IS 'When the unused ticket stops being accepted. Not personal data.';

GRANT SELECT, INSERT, DELETE ON survey_tickets TO vink_app;

ALTER TABLE survey_tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE survey_tickets FORCE ROW LEVEL SECURITY;
CREATE POLICY survey_tickets_system ON survey_tickets USING (current_user <> 'vink_app');
CREATE POLICY survey_tickets_scope ON survey_tickets TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));
