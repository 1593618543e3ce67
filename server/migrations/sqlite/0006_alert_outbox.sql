-- What each alert channel still has to say: one row per failure, channel
-- and event ('new' when first seen, 'cleared' when gone), written in the
-- transaction that records the round, so a failure is queued once per
-- channel however many instances record it. The sender claims rows for a
-- while (`claimed_until_ms`), folds the due ones of a channel into one
-- message per scope, and marks them sent; a failed attempt sets the next
-- `due_ms`.
CREATE TABLE alert_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    channel          TEXT NOT NULL,
    scope            TEXT NOT NULL,
    job_id           TEXT NOT NULL,
    event            TEXT NOT NULL,
    created_ms       BIGINT NOT NULL,
    due_ms           BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    claimed_until_ms BIGINT,
    sent_ms          BIGINT,
    UNIQUE (channel, scope, job_id, event)
);
CREATE INDEX alert_outbox_pending ON alert_outbox (channel, due_ms) WHERE sent_ms IS NULL;
-- Every attempt to deliver a message (alerts, re-sends, tests): what an
-- operator reads on the channel's page. `reason` is the answer's reading
-- (fixed wording, codes, no URL or secret).
CREATE TABLE alert_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    purpose     TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    http_status BIGINT,
    reason      TEXT,
    failures    BIGINT NOT NULL,
    attempt     BIGINT NOT NULL,
    headline    TEXT NOT NULL
);
CREATE INDEX alert_deliveries_channel ON alert_deliveries (channel, id);
