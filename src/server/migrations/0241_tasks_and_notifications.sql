-- Tasks that reach the people a concern or course is handed to, and the notifications inbox with optional e-mail
-- (docs/domain.md, "Tasks and notifications"). Owned by the tasks and notifications modules.

-- New task rules (src/server/modules/tasks/repo.ts): the police check for the police liaison a concern is shared
-- with, the Infohus preparation for a partner invited to it, and the first session for the mentor of a new course.
INSERT INTO task_kinds (kind) VALUES ('police_check'), ('infohus_invite'), ('course_start');

-- The in-app inbox. A notification only points at a record (concern, case or task); what it says is derived from its
-- kind, so the row holds no personal data, and the inbox shows the record's number only where the reader may read it.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CONSTRAINT notifications_kind_ck CHECK (kind IN ('shared', 'assigned', 'deadline', 'status_changed')),
  -- One notification per event and reader, however often the event's source is written again.
  dedupe_key text NOT NULL CONSTRAINT notifications_dedupe_key_uq UNIQUE,
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  task_id uuid REFERENCES tasks (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  emailed_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_mail_idx ON notifications (user_id) WHERE emailed_at IS NULL;
COMMENT ON TABLE notifications IS 'Inbox entries: who is told that a record they work on changed. References only; no personal data. Retention: 12 months, or with the record.';
COMMENT ON COLUMN notifications.user_id IS 'Staff member told (staff data). Retention: 12 months, or with the record.';

-- E-mail on or off per user, and the address. The e-mail says only "you have a new item in VINK".
CREATE TABLE notification_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  email text CONSTRAINT notification_settings_email_ck CHECK (email ~ '^[^@\s]{1,64}@[^@\s]{1,190}$'),
  email_enabled boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  CONSTRAINT notification_settings_enabled_ck CHECK (NOT email_enabled OR email IS NOT NULL)
);
COMMENT ON COLUMN notification_settings.email IS 'Staff work e-mail address (ordinary personal data of staff). Retention: while employed.';

GRANT SELECT, UPDATE (read_at) ON notifications TO vink_app;
GRANT SELECT, INSERT, UPDATE ON notification_settings TO vink_app;

-- Each user reads and marks only their own inbox and settings.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_system ON notifications USING (current_user <> 'vink_app');
CREATE POLICY notifications_own ON notifications TO vink_app USING (user_id = vink_actor_id()) WITH CHECK (user_id = vink_actor_id());
ALTER TABLE notification_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_settings_system ON notification_settings USING (current_user <> 'vink_app');
CREATE POLICY notification_settings_own ON notification_settings TO vink_app
  USING (user_id = vink_actor_id()) WITH CHECK (user_id = vink_actor_id());

-- The events, written by the database whatever path writes the source row (a request, the scheduler, the demo
-- loader), as the owner: the app role cannot insert into another user's inbox directly.
CREATE FUNCTION vink_notify(p_user uuid, p_unit uuid, p_kind text, p_key text, p_concern uuid, p_case uuid, p_task uuid, p_at timestamptz)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO notifications (user_id, unit_id, kind, dedupe_key, concern_id, case_id, task_id, created_at)
  SELECT p_user, p_unit, p_kind, p_key, p_concern, p_case, p_task, p_at
  WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = p_user AND u.disabled_at IS NULL)
  ON CONFLICT (dedupe_key) DO NOTHING
$$;

-- Assigned to you: a task created for, or moved to, a user.
CREATE FUNCTION vink_notify_task_assigned() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NEW.assignee_id IS NOT NULL AND NEW.done_at IS NULL AND (TG_OP = 'INSERT' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id) THEN
    PERFORM vink_notify(NEW.assignee_id, NEW.unit_id, 'assigned', 'assigned:' || NEW.id || ':' || NEW.assignee_id,
      NEW.concern_id, NEW.case_id, NEW.id, COALESCE(NEW.created_at, now()));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_notify_tg AFTER INSERT OR UPDATE OF assignee_id ON tasks FOR EACH ROW EXECUTE FUNCTION vink_notify_task_assigned();

-- Shared with you: a concern shared with a police liaison or partner.
CREATE FUNCTION vink_notify_concern_shared() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM vink_notify(NEW.user_id, NEW.unit_id, 'shared', 'shared:' || NEW.concern_id || ':' || NEW.user_id, NEW.concern_id, NULL, NULL, NEW.shared_at);
  RETURN NULL;
END $$;
CREATE TRIGGER concern_shares_notify_tg AFTER INSERT ON concern_shares FOR EACH ROW EXECUTE FUNCTION vink_notify_concern_shared();

-- A case you are on changed status: its owner and members, except whoever changed it.
CREATE FUNCTION vink_notify_case_status() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE u uuid;
BEGIN
  FOR u IN
    SELECT c.owner_id FROM cases c WHERE c.id = NEW.case_id AND c.owner_id IS NOT NULL
    UNION SELECT m.user_id FROM case_members m WHERE m.case_id = NEW.case_id
  LOOP
    IF u IS DISTINCT FROM NEW.changed_by THEN
      PERFORM vink_notify(u, NEW.unit_id, 'status_changed', 'status:' || NEW.id || ':' || u, NULL, NEW.case_id, NULL, NEW.changed_at);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER case_status_changes_notify_tg AFTER INSERT ON case_status_changes FOR EACH ROW EXECUTE FUNCTION vink_notify_case_status();
