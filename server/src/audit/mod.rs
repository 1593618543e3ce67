//! The audit trail of deletes: every DELETE the console can send is
//! recorded before it is sent (who, when, which scope, the failed tasks it
//! removes, read just before through the same backend and credential) and
//! completed after (outcome, upstream status, request id). If the record
//! cannot be written, the delete is not sent.

pub mod csv_export;
pub mod layer;
pub mod reader;
pub mod record;
pub mod routes;
