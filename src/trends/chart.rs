//! The bars of the trends: the panel timeline's chart over the server's
//! buckets (labelled in UTC, as the server cuts them), with its summary
//! sentence, legend and hint, and the table alternative below. A pick
//! lists the failures of the bars, or of one status's part of a bar.

use super::page::TrendsCtx;
use super::table::TrendsTable;
use crate::i18n::{fill, TrendsKey};
use crate::panel::timeline::chart::{legend, BarPick, TimelineChart};
use crate::panel::unique_id;
use crate::view_model::timeline::BucketSize;
use crate::view_model::timeline_axis::summary;
use crate::view_model::trends::{bars_pick, timeline};
use leptos::prelude::*;
use sdrs_models::Trends;
use std::sync::Arc;

/// The server's buckets are whole hours and days in UTC.
pub(super) fn utc(_: i64) -> i64 {
    0
}

#[component]
pub(super) fn TrendsChart(ctx: TrendsCtx, trends: Arc<Trends>) -> impl IntoView {
    let ids = StoredValue::new(unique_id("trends"));
    let id = move |part: &str| format!("{}-{part}", ids.get_value());
    let tl = timeline(&trends);
    let per = match tl.size {
        BucketSize::Hour => TrendsKey::PerHour,
        BucketSize::Day => TrendsKey::PerDay,
    };
    let tl = Signal::stored(tl);
    let on_pick = {
        let trends = trends.clone();
        Callback::new(move |pick: BarPick| {
            let status = pick
                .series
                .and_then(|s| tl.with_untracked(|t| t.series.get(s).cloned()));
            if let Some(what) = bars_pick(&trends, pick.first, pick.last, status.as_ref()) {
                ctx.pick(&trends, what);
            }
        })
    };
    let title = move || fill(ctx.t(TrendsKey::ChartTitle), &[("per", ctx.t(per))]).into_owned();
    view! {
        <section class="sdrs-timeline sdrs-trends-chart" aria-labelledby=id("title")>
            <h3 class="sdrs-tl-title" id=id("title")>{title}</h3>
            <p class="sdrs-tl-summary" id=id("summary")>
                {move || tl.with(|t| summary(t, ctx.locale.get(), &utc))}
            </p>
            <TimelineChart
                timeline=tl
                selected=Signal::stored(None)
                locale=ctx.locale
                ids=ids
                offset=utc
                on_pick=on_pick
            />
            <ul class="sdrs-tl-legend" aria-label=move || ctx.t(TrendsKey::Legend)>
                {move || tl.with(|t| legend(t, &ids.get_value(), ctx.locale.get()))}
            </ul>
            <p class="sdrs-tl-hint" id=id("hint")>{move || ctx.t(TrendsKey::Hint)}</p>
            <TrendsTable ctx=ctx trends=trends timeline=tl ids=ids />
        </section>
    }
}
