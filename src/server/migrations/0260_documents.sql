-- Documents on a concern or a case (docs/security.md, "Documents"): the school's letter, a consent form, the copy of a
-- child report. Owned by the documents module (src/server/modules/documents/repo.ts). The content of every version is
-- encrypted at rest with AES-256-GCM under a key derived from the instance secret; the database never holds a
-- plaintext byte of a file. Versions are kept; a document is shown to police and partners only when marked shared.

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  -- The record the document belongs to: exactly one. Deleting (or the retention job anonymising away) the record
  -- deletes its documents with it.
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  title text NOT NULL CONSTRAINT documents_title_ck CHECK (length(title) BETWEEN 1 AND 200),
  shared_with_partners boolean NOT NULL DEFAULT false,
  -- The retention class of the record the document belongs to (docs/retention.md): the retention job deletes the
  -- document when it deletes or anonymises that record.
  retention_class text NOT NULL REFERENCES retention_classes (class_key),
  current_version integer NOT NULL DEFAULT 1 CONSTRAINT documents_current_version_ck CHECK (current_version >= 1),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT documents_parent_ck CHECK ((concern_id IS NULL) <> (case_id IS NULL))
);
COMMENT ON TABLE documents IS 'Documents attached to a concern or a case; content in document_versions, encrypted.';
COMMENT ON COLUMN documents.title IS 'Free text by staff naming the document; may name the person (sensitive). Retention: the record''s class (retention_class).';
COMMENT ON COLUMN documents.shared_with_partners IS 'Whether police and partners who reach the record may see the document (a disclosure). Retention: the record''s class.';
COMMENT ON COLUMN documents.retention_class IS 'The retention class of the record the document belongs to; no personal data.';
COMMENT ON COLUMN documents.created_by IS 'Staff member who uploaded the first version. Retention: the record''s class.';
CREATE INDEX documents_concern_idx ON documents (concern_id) WHERE concern_id IS NOT NULL;
CREATE INDEX documents_case_idx ON documents (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE document_versions (
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  version_no integer NOT NULL CONSTRAINT document_versions_no_ck CHECK (version_no >= 1),
  unit_id uuid NOT NULL REFERENCES units (id),
  file_name text NOT NULL CONSTRAINT document_versions_file_name_ck CHECK (length(file_name) BETWEEN 1 AND 255),
  media_type text NOT NULL CONSTRAINT document_versions_media_type_ck CHECK (length(media_type) BETWEEN 3 AND 200),
  size_bytes integer NOT NULL CONSTRAINT document_versions_size_ck CHECK (size_bytes > 0),
  -- AES-256-GCM: a fresh 12-byte nonce per version, the 16-byte tag, and the ciphertext. The additional data binds
  -- each ciphertext to its document and version, so rows cannot be swapped.
  iv bytea NOT NULL CONSTRAINT document_versions_iv_ck CHECK (octet_length(iv) = 12),
  auth_tag bytea NOT NULL CONSTRAINT document_versions_tag_ck CHECK (octet_length(auth_tag) = 16),
  ciphertext bytea NOT NULL,
  key_version integer NOT NULL DEFAULT 1,
  scan_result text NOT NULL CONSTRAINT document_versions_scan_ck CHECK (scan_result IN ('clean', 'not_scanned')),
  uploaded_by uuid NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  CONSTRAINT document_versions_pk PRIMARY KEY (document_id, version_no)
);
COMMENT ON TABLE document_versions IS 'Every version of a document, its content encrypted (AES-256-GCM, key derived from the instance secret).';
COMMENT ON COLUMN document_versions.file_name IS 'The uploaded file''s name; may name the person (sensitive). Never in a URL, a log or browser storage. Retention: the record''s class.';
COMMENT ON COLUMN document_versions.ciphertext IS 'The file''s content, encrypted; may hold any category of personal data (sensitive, Art. 9/10). Retention: the record''s class.';
COMMENT ON COLUMN document_versions.media_type IS 'Type detected from the content (not the name); no personal data.';
COMMENT ON COLUMN document_versions.uploaded_by IS 'Staff member who uploaded the version. Retention: the record''s class.';

GRANT SELECT, INSERT ON documents TO vink_app;
GRANT UPDATE (shared_with_partners, current_version, updated_at, version) ON documents TO vink_app;
GRANT SELECT, INSERT ON document_versions TO vink_app;

-- Row-level security like the parent record: the unit's rows, a concern shared with the actor or a case the actor is
-- a member of; and (restrictive) visible exactly when the parent record is (the subqueries run under the concern's
-- and the case's own policies; migrations 0001, 0002 and 0120). The shared flag and the per-role reach are applied
-- by the documents repository on top.
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_system ON documents USING (current_user <> 'vink_app');
CREATE POLICY documents_scope ON documents TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id) OR vink_actor_is_member(case_id));
CREATE POLICY documents_reach ON documents AS RESTRICTIVE TO vink_app USING (
  (concern_id IS NULL OR EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id))
  AND (case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id)));

ALTER TABLE document_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY document_versions_system ON document_versions USING (current_user <> 'vink_app');
CREATE POLICY document_versions_scope ON document_versions TO vink_app
  USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id))
  WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id));
