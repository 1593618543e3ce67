-- Every failure the watcher has listed, per scope (a project of a region
-- with its credential), kept after it is gone upstream: `gone_since_ms` is
-- set when a poll no longer lists it, `audit_id` when the delete went
-- through this console. `last_seen_ms` is written when a row is inserted,
-- changes or goes; while open, it was seen by its scope's last round.
-- `job_json` holds all the failure's fields as last listed; the columns
-- beside it are the ones filtered and sorted on.
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
-- The last round recorded per scope: an open failure was listed by it, so
-- its last sighting is read from here rather than rewritten every round.
CREATE TABLE failure_journal_scopes (
    scope         TEXT PRIMARY KEY NOT NULL,
    last_round_ms BIGINT NOT NULL
);
-- How many failures each scope holds, open or gone, per status and
-- resource type, kept with every write: the exact total of a query without
-- a name or group filter is summed from here instead of counted over a
-- million rows.
CREATE TABLE failure_journal_counts (
    scope          TEXT NOT NULL,
    is_open        BIGINT NOT NULL,
    failure_status TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    n              BIGINT NOT NULL,
    PRIMARY KEY (scope, is_open, failure_status, resource_type)
);
-- The "All scopes" list is sorted by begin time, newest first, then scope
-- and job id: each filter has an index in that order, so the first page
-- reads only its rows, and each carries the other filters' columns, so the
-- exact total is counted from the index alone. Open failures (a minority
-- once history builds up) have an index of their own.
CREATE INDEX failure_journal_begin ON failure_journal
    (begin_ms DESC, scope, job_id, gone_since_ms, failure_status, resource_type, server_group_id, resource_name_lower);
CREATE INDEX failure_journal_status_begin ON failure_journal
    (failure_status, begin_ms DESC, scope, job_id, gone_since_ms, resource_type, server_group_id, resource_name_lower);
CREATE INDEX failure_journal_scope_begin ON failure_journal
    (scope, begin_ms DESC, job_id, gone_since_ms, failure_status, resource_type, server_group_id, resource_name_lower);
CREATE INDEX failure_journal_type_begin ON failure_journal
    (resource_type, begin_ms DESC, scope, job_id, gone_since_ms, failure_status, server_group_id, resource_name_lower);
CREATE INDEX failure_journal_group_begin ON failure_journal
    (server_group_id, begin_ms DESC, scope, job_id, gone_since_ms, failure_status, resource_type, resource_name_lower);
CREATE INDEX failure_journal_open_begin ON failure_journal
    (begin_ms DESC, scope, job_id, failure_status, resource_type, server_group_id, resource_name_lower)
    WHERE gone_since_ms IS NULL;
-- Retention deletes by the time a failure was gone (partial, so that it
-- never stands in for the open index).
CREATE INDEX failure_journal_gone ON failure_journal (gone_since_ms) WHERE gone_since_ms IS NOT NULL;
-- A delete through the console names a job id or a resource id of a project.
CREATE INDEX failure_journal_project_job ON failure_journal (project_id, job_id);
CREATE INDEX failure_journal_project_resource ON failure_journal (project_id, resource_id);
