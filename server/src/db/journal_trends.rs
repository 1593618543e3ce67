//! Trends of the failure journal ([`sdrs_models::Trends`]): over the
//! entries matching a query's filters that began in a window, counts per
//! bucket and failure status, the top error codes and protection groups,
//! and the time from first seen to gone. Each figure is one aggregate
//! statement over the filter's index; percentiles are read by rank
//! (`ORDER BY … LIMIT 1 OFFSET rank - 1`), which both engines answer alike.

use super::journal::Journal;
use super::journal_query::{error_code_expr, where_clause};
use super::{Backend, DbError};
use crate::util::timefmt::format_ms;
use sdrs_models::trends::nearest_rank;
use sdrs_models::{
    CodeCount, GroupCount, JournalQuery, StatusCount, TimeToClear, TrendBar, TrendBucket, Trends,
};
use sqlx::any::AnyArguments;
use sqlx::Row;

/// What to count: the journal's filters (paging ignored) over whole
/// buckets `[from_ms, to_ms)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendsQuery {
    pub filters: JournalQuery,
    pub bucket: TrendBucket,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// A statement over the window: the filters' `WHERE` plus the begin-time
/// range, its text values, then the two bounds.
struct Window {
    clause: String,
    texts: Vec<String>,
    from_ms: i64,
    to_ms: i64,
}

impl Window {
    fn of(q: &TrendsQuery, backend: Backend) -> Window {
        let (clause, texts) = where_clause(&q.filters, backend);
        let n = texts.len();
        let range = format!("begin_ms >= ${} AND begin_ms < ${}", n + 1, n + 2);
        let clause = if clause.is_empty() {
            format!(" WHERE {range}")
        } else {
            format!("{clause} AND {range}")
        };
        Window {
            clause,
            texts,
            from_ms: q.from_ms,
            to_ms: q.to_ms,
        }
    }

    /// The `$n` of the next value bound after the window's own.
    fn next(&self) -> usize {
        self.texts.len() + 3
    }

    fn bind<'q>(
        &self,
        mut query: sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>> {
        for t in &self.texts {
            query = query.bind(t.clone());
        }
        query.bind(self.from_ms).bind(self.to_ms)
    }
}

fn count(row: &sqlx::any::AnyRow) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
}

impl Journal {
    pub async fn trends(&self, q: &TrendsQuery) -> Result<Trends, DbError> {
        let w = Window::of(q, self.db().backend());
        let bars = self.bars(q, &w).await?;
        let total = bars.iter().map(|b| b.total).sum();
        Ok(Trends {
            from: format_ms(q.from_ms),
            to: format_ms(q.to_ms),
            from_ms: q.from_ms,
            to_ms: q.to_ms,
            bucket: q.bucket,
            total,
            bars,
            top_codes: self.top_codes(&w).await?,
            top_groups: self.top_groups(&w).await?,
            time_to_clear: self.time_to_clear(&w).await?,
        })
    }

    async fn bars(&self, q: &TrendsQuery, w: &Window) -> Result<Vec<TrendBar>, DbError> {
        let db = self.db();
        let width = q.bucket.millis();
        let sql = format!(
            "SELECT (begin_ms - ${from}) / ${width} AS slot, failure_status, CAST(COUNT(*) AS BIGINT) AS n \
             FROM failure_journal{clause} GROUP BY 1, 2",
            from = w.next(),
            width = w.next() + 1,
            clause = w.clause,
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .bind(q.from_ms)
            .bind(width)
            .fetch_all(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        let slots = usize::try_from((q.to_ms - q.from_ms).max(0) / width).unwrap_or(0);
        let mut bars: Vec<TrendBar> = (0..slots)
            .map(|i| {
                let start_ms = q.from_ms + i as i64 * width;
                TrendBar {
                    start: format_ms(start_ms),
                    start_ms,
                    ..TrendBar::default()
                }
            })
            .collect();
        for row in &rows {
            let slot: i64 = row.try_get("slot").map_err(|e| db.error(e))?;
            let Some(bar) = usize::try_from(slot).ok().and_then(|s| bars.get_mut(s)) else {
                continue;
            };
            let n = count(row).map_err(|e| db.error(e))?;
            bar.total += n;
            bar.by_status.push(StatusCount {
                failure_status: row.try_get("failure_status").map_err(|e| db.error(e))?,
                count: n,
            });
        }
        for bar in &mut bars {
            bar.by_status.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| a.failure_status.cmp(&b.failure_status))
            });
        }
        Ok(bars)
    }

    async fn top_codes(&self, w: &Window) -> Result<Vec<CodeCount>, DbError> {
        let db = self.db();
        let code = error_code_expr(db.backend());
        let sql = format!(
            "SELECT {code} AS code, CAST(COUNT(*) AS BIGINT) AS n FROM failure_journal{clause} \
             GROUP BY 1 ORDER BY n DESC, {code} IS NULL, {code} LIMIT {top}",
            clause = w.clause,
            top = Trends::TOP,
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .fetch_all(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        rows.iter()
            .map(|row| {
                let code: Option<String> = row.try_get("code")?;
                Ok(CodeCount {
                    error_code: code.filter(|c| !c.is_empty()),
                    count: count(row)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|e| db.error(e))
    }

    async fn top_groups(&self, w: &Window) -> Result<Vec<GroupCount>, DbError> {
        let db = self.db();
        let sql = format!(
            "SELECT scope, server_group_id, CAST(COUNT(*) AS BIGINT) AS n FROM failure_journal{clause} \
             AND server_group_id IS NOT NULL GROUP BY scope, server_group_id \
             ORDER BY n DESC, scope, server_group_id LIMIT {top}",
            clause = w.clause,
            top = Trends::TOP,
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .fetch_all(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        rows.iter()
            .map(|row| {
                Ok(GroupCount {
                    scope: row.try_get("scope")?,
                    server_group_id: row.try_get("server_group_id")?,
                    count: count(row)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(|e| db.error(e))
    }

    async fn time_to_clear(&self, w: &Window) -> Result<TimeToClear, DbError> {
        let db = self.db();
        let gone = format!("FROM failure_journal{} AND gone_since_ms IS NOT NULL", w.clause);
        let row = w
            .bind(sqlx::query(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n {gone}"
            )))
            .fetch_one(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        let cleared = count(&row).map_err(|e| db.error(e))?;
        let at_rank = |percent: u32| {
            let gone = gone.clone();
            async move {
                let Some(rank) = nearest_rank(percent, cleared) else {
                    return Ok(None);
                };
                let sql = format!(
                    "SELECT gone_since_ms - first_seen_ms AS d {gone} ORDER BY d LIMIT 1 OFFSET ${}",
                    w.next()
                );
                let row = w
                    .bind(sqlx::query(&sql))
                    .bind(i64::try_from(rank - 1).unwrap_or(i64::MAX))
                    .fetch_optional(db.pool()?)
                    .await
                    .map_err(|e| db.error(e))?;
                let ms = match row {
                    Some(row) => row.try_get::<i64, _>("d").map_err(|e| db.error(e))?,
                    None => return Ok(None),
                };
                Ok::<_, DbError>(Some(u64::try_from(ms.max(0)).unwrap_or(0) / 1000))
            }
        };
        Ok(TimeToClear {
            cleared,
            median_secs: at_rank(50).await?,
            p90_secs: at_rank(90).await?,
        })
    }
}
