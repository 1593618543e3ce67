-- A failure acknowledged by a user, with a comment: shown with the
-- failure in the journal; one acknowledgement per failure (the latest).
CREATE TABLE failure_acks (
    scope       TEXT NOT NULL,
    job_id      TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    comment     TEXT NOT NULL,
    acked_at_ms BIGINT NOT NULL,
    PRIMARY KEY (scope, job_id)
);
-- A silence: failures matching every given matcher (NULL: any) are not
-- announced while it lasts, [starts_at_ms, ends_at_ms). Expiring one sets
-- its end to the time it was expired; it is kept, as a record.
CREATE TABLE alert_silences (
    id             BIGSERIAL PRIMARY KEY,
    scope          TEXT,
    failure_status TEXT,
    error_code     TEXT,
    resource_name  TEXT,
    starts_at_ms   BIGINT NOT NULL,
    ends_at_ms     BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    comment        TEXT NOT NULL
);
CREATE INDEX alert_silences_ends ON alert_silences (ends_at_ms);
