-- How many failures each resource name holds, open and gone, over every
-- scope: kept with every write to the journal (the change of each row it
-- touches, applied in the same transaction), like
-- `failure_journal_counts`. A name filter is a "contains" (`LIKE
-- '%part%'`), which no index can answer; but a resource fails again and
-- again under the same name, so the exact total of a name filter (with a
-- state) is summed over the distinct names that match — a scan of tens of
-- thousands of short rows — rather than counted over a million. Kept per
-- name only: per scope, status or type it would grow towards a row per
-- failure; a name filter with one of those counts the journal instead. A
-- name whose counts fell to 0 stays until the next prune.
CREATE TABLE failure_journal_names (
    resource_name_lower TEXT PRIMARY KEY NOT NULL,
    n_open              BIGINT NOT NULL,
    n_gone              BIGINT NOT NULL
);
INSERT INTO failure_journal_names (resource_name_lower, n_open, n_gone)
SELECT resource_name_lower,
    SUM(CASE WHEN gone_since_ms IS NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN gone_since_ms IS NULL THEN 0 ELSE 1 END)
FROM failure_journal GROUP BY resource_name_lower;
-- When the matching names hold few failures, the page reads them by name
-- (newest first within each name) and sorts just those, rather than walk
-- the whole begin time order for a few matches. It carries the other
-- filters' columns, like the indexes of 0003.
CREATE INDEX failure_journal_name_begin ON failure_journal
    (resource_name_lower, begin_ms DESC, scope, job_id, gone_since_ms, failure_status, resource_type, server_group_id);
