-- Each scope's health as the polling instance last saw it, so that every
-- server instance shows the same strip whichever one polls; and an
-- operator's retry asked on an instance that does not poll, taken up by
-- the one that does. `health_json` is the scope's `ScopeHealth` as
-- `/api/scopes` answers it (`null` until the poller has written one).
CREATE TABLE watcher_scope_health (
    scope              TEXT PRIMARY KEY NOT NULL,
    health_json        TEXT NOT NULL,
    updated_ms         BIGINT NOT NULL,
    retry_requested_ms BIGINT
);
