//! The table alternative of the bars, in a disclosure: a row per bar, a
//! column per failure status and the total, the same figures as the
//! chart; each non-zero figure is a button that lists its failures.

use super::chart::utc;
use super::page::TrendsCtx;
use crate::i18n::{fill, Labelled, TrendsKey};
use crate::panel::timeline::chart::swatch;
use crate::view_model::format::count;
use crate::view_model::timeline::Timeline;
use crate::view_model::timeline_axis::bucket_label;
use crate::view_model::trends::bars_pick;
use leptos::prelude::*;
use sdrs_models::{FailureStatus, Trends};
use std::sync::Arc;

/// A figure of the table: a button listing its failures, or a plain 0.
fn figure(
    ctx: TrendsCtx,
    trends: &Arc<Trends>,
    bar: usize,
    n: u64,
    status: Option<FailureStatus>,
    label: String,
) -> AnyView {
    if n == 0 {
        return view! { "0" }.into_any();
    }
    let trends = trends.clone();
    let on_click = move |_| {
        if let Some(what) = bars_pick(&trends, bar, bar, status.as_ref()) {
            ctx.pick(&trends, what);
        }
    };
    view! {
        <button type="button" class="sdrs-link" data-action="trends-pick" aria-label=label on:click=on_click>
            {count(n)}
        </button>
    }
    .into_any()
}

#[component]
pub(super) fn TrendsTable(
    ctx: TrendsCtx,
    trends: Arc<Trends>,
    timeline: Signal<Timeline>,
    ids: StoredValue<String>,
) -> impl IntoView {
    let rows = move || {
        let locale = ctx.locale.get();
        let ids = ids.get_value();
        timeline.with(|tl| {
            let heads = tl
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    view! {
                        <th scope="col" data-status=s.as_str().to_owned()>
                            {swatch(&ids, i, s)}
                            {s.label(locale).into_owned()}
                        </th>
                    }
                })
                .collect_view();
            let body = tl
                .buckets
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let time = bucket_label(b.start_ms, b.end_ms, tl.size, &utc);
                    let cells = b
                        .counts
                        .iter()
                        .zip(&tl.series)
                        .map(|(c, s)| {
                            let n = u64::from(*c);
                            let label = fill(
                                TrendsKey::CellPick.text(locale),
                                &[("n", &count(n)), ("time", &time), ("status", &s.label(locale))],
                            )
                            .into_owned();
                            let cell = figure(ctx, &trends, i, n, Some(s.clone()), label);
                            view! { <td data-status=s.as_str().to_owned()>{cell}</td> }
                        })
                        .collect_view();
                    let total = u64::from(b.total);
                    let label = fill(
                        TrendsKey::RowPick.text(locale),
                        &[("n", &count(total)), ("time", &time)],
                    )
                    .into_owned();
                    view! {
                        <tr data-start=b.start_ms.to_string() data-total=total.to_string()>
                            <th scope="row">{time.clone()}</th>
                            {cells}
                            <td class="sdrs-tl-total">{figure(ctx, &trends, i, total, None, label)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <thead>
                    <tr>
                        <th scope="col">{TrendsKey::ColTime.text(locale)}</th>
                        {heads}
                        <th scope="col">{TrendsKey::ColTotal.text(locale)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            }
        })
    };
    view! {
        <details class="sdrs-trends-table">
            <summary>{move || ctx.t(TrendsKey::ShowTable)}</summary>
            <div class="sdrs-tl-table-wrap" role="region" tabindex="0"
                aria-label=move || ctx.t(TrendsKey::ShowTable)>
                <table class="sdrs-tl-table">{rows}</table>
            </div>
        </details>
    }
}
