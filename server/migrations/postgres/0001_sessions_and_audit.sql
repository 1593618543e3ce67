-- Sessions of team sign-in: only the SHA-256 of a session id is kept.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY NOT NULL,
    user_name    TEXT NOT NULL,
    role         TEXT NOT NULL,
    method       TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL
);
CREATE INDEX sessions_last_seen ON sessions (last_seen_ms);
CREATE INDEX sessions_created ON sessions (created_ms);

-- One row per delete or clear: written `pending` before the call is sent,
-- completed after. `removed_json` holds the failed tasks read just before.
CREATE TABLE audit_records (
    id              BIGSERIAL PRIMARY KEY,
    user_name       TEXT NOT NULL,
    method          TEXT NOT NULL,
    action          TEXT NOT NULL,
    project_id      TEXT NOT NULL,
    region          TEXT,
    failure_job_id  TEXT,
    server_group_id TEXT,
    started_at_ms   BIGINT NOT NULL,
    completed_at_ms BIGINT,
    outcome         TEXT NOT NULL,
    upstream_status BIGINT,
    request_id      TEXT,
    removed_count   BIGINT NOT NULL,
    removed_json    TEXT NOT NULL
);
CREATE INDEX audit_started ON audit_records (started_at_ms);
CREATE INDEX audit_user_started ON audit_records (user_name, started_at_ms);
CREATE INDEX audit_action_started ON audit_records (action, started_at_ms);
CREATE INDEX audit_project_region_started ON audit_records (project_id, region, started_at_ms);
