-- Every failure the watcher has listed, per scope (a project of a region
-- with its credential), kept after it is gone upstream: `gone_since_ms` is
-- set when a poll no longer lists it, `audit_id` when the delete went
-- through this console. `job_json` holds all the failure's fields as last
-- listed; the columns beside it are the ones filtered and sorted on.
CREATE TABLE failure_journal (
    scope               TEXT NOT NULL,
    region              TEXT NOT NULL,
    project_id          TEXT NOT NULL,
    server_group_id     TEXT,
    job_id              TEXT NOT NULL,
    resource_id         TEXT NOT NULL,
    job_json            TEXT NOT NULL,
    failure_status      TEXT NOT NULL,
    resource_type       TEXT NOT NULL,
    resource_name       TEXT NOT NULL,
    resource_name_lower TEXT NOT NULL,
    begin_ms            BIGINT NOT NULL,
    begin_time          TEXT NOT NULL,
    first_seen_ms       BIGINT NOT NULL,
    last_seen_ms        BIGINT NOT NULL,
    gone_since_ms       BIGINT,
    audit_id            BIGINT,
    PRIMARY KEY (scope, job_id)
);
-- The "All scopes" list is sorted by begin time, newest first, then scope
-- and job id: each filter has an index in that order, so the first page
-- reads only its rows. The trailing lowercased name lets the exact total
-- of a name filter be counted from the index alone.
CREATE INDEX failure_journal_begin
    ON failure_journal (begin_ms DESC, scope, job_id, resource_name_lower);
CREATE INDEX failure_journal_status_begin
    ON failure_journal (failure_status, begin_ms DESC, scope, job_id, resource_name_lower);
CREATE INDEX failure_journal_scope_begin
    ON failure_journal (scope, begin_ms DESC, job_id, resource_name_lower);
CREATE INDEX failure_journal_type_begin
    ON failure_journal (resource_type, begin_ms DESC, scope, job_id);
CREATE INDEX failure_journal_group_begin
    ON failure_journal (server_group_id, begin_ms DESC, scope, job_id);
CREATE INDEX failure_journal_open_begin
    ON failure_journal (begin_ms DESC, scope, job_id, resource_name_lower) WHERE gone_since_ms IS NULL;
CREATE INDEX failure_journal_gone
    ON failure_journal (gone_since_ms);
-- A delete through the console names a job id or a resource id of a project.
CREATE INDEX failure_journal_project_job ON failure_journal (project_id, job_id);
CREATE INDEX failure_journal_project_resource ON failure_journal (project_id, resource_id);
