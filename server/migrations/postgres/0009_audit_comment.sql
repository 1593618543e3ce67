-- The comment of an acknowledgement, for the audit records of
-- acknowledging and withdrawing (NULL for deletes and older records).
ALTER TABLE audit_records ADD COLUMN comment TEXT;
