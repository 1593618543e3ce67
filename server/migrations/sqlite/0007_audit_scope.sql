-- The scope (as the config file names it) a delete went to; NULL for a
-- record of a server without scopes, and for records written before.
ALTER TABLE audit_records ADD COLUMN scope TEXT;
