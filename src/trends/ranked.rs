//! The ranked figures beside the bars: the error codes and protection
//! groups with most failures (each lists its failures), and the time to
//! clear in words.

use super::page::TrendsCtx;
use crate::i18n::{fill, TrendsKey};
use crate::panel::codes::catalogs::{CatalogState, CodeCatalogs};
use crate::view_model::format::count;
use crate::view_model::trend_pick::Picked;
use crate::view_model::trends::{clear_summary, code_meaning};
use leptos::prelude::*;
use sdrs_models::Trends;
use std::sync::Arc;

fn none_ranked(ctx: TrendsCtx) -> impl IntoView {
    view! { <p class="sdrs-sub">{move || ctx.t(TrendsKey::NoneRanked)}</p> }
}

/// A code's meaning from the catalog of the page's language, or a note.
fn meaning(ctx: TrendsCtx, codes: CodeCatalogs, code: String) -> impl IntoView {
    move || match codes.state(ctx.locale.get()) {
        CatalogState::Ready(catalog) => code_meaning(&catalog, &code)
            .map(str::to_owned)
            .unwrap_or_else(|| ctx.t(TrendsKey::MeaningUnknown).to_owned()),
        CatalogState::Loading => ctx.t(TrendsKey::MeaningLoading).to_owned(),
        // The code stays; its meaning is only missing.
        CatalogState::Failed => String::new(),
    }
}

#[component]
pub(super) fn TopCodes(ctx: TrendsCtx, trends: Arc<Trends>, codes: CodeCatalogs) -> impl IntoView {
    let rows = trends
        .top_codes
        .iter()
        .map(|c| {
            let n = c.count;
            let Some(code) = c.error_code.clone() else {
                return view! {
                    <tr data-code="">
                        <th scope="row">{move || ctx.t(TrendsKey::NoCode)}</th>
                        <td></td>
                        <td class="sdrs-num">{count(n)}</td>
                    </tr>
                }
                .into_any();
            };
            let label = {
                let code = code.clone();
                move || fill(ctx.t(TrendsKey::CodePick), &[("n", &count(n)), ("code", &code)]).into_owned()
            };
            let (picked, shown, attr) = (code.clone(), code.clone(), code.clone());
            let trends = trends.clone();
            view! {
                <tr data-code=attr>
                    <th scope="row">
                        <button type="button" class="sdrs-link sdrs-mono" data-action="trends-code"
                            aria-label=label on:click=move |_| ctx.pick(&trends, Picked::ErrorCode(picked.clone()))>
                            {shown}
                        </button>
                    </th>
                    <td class="sdrs-trends-meaning">{meaning(ctx, codes, code)}</td>
                    <td class="sdrs-num">{count(n)}</td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let columns = [TrendsKey::ColCode, TrendsKey::ColMeaning, TrendsKey::ColCount];
    let empty = trends.top_codes.is_empty();
    ranked_box(ctx, "codes", TrendsKey::CodesTitle, columns, empty, rows)
}

#[component]
pub(super) fn TopGroups(ctx: TrendsCtx, trends: Arc<Trends>) -> impl IntoView {
    let rows = trends
        .top_groups
        .iter()
        .map(|g| {
            let n = g.count;
            let (scope, group) = (g.scope.clone(), g.server_group_id.clone());
            let label = {
                let (scope, group) = (scope.clone(), group.clone());
                move || {
                    fill(
                        ctx.t(TrendsKey::GroupPick),
                        &[("n", &count(n)), ("group", &group), ("scope", &scope)],
                    )
                    .into_owned()
                }
            };
            let what = Picked::Group {
                scope: scope.clone(),
                server_group_id: group.clone(),
            };
            let (scope_attr, group_attr) = (scope.clone(), group.clone());
            let trends = trends.clone();
            view! {
                <tr data-scope=scope_attr data-group=group_attr>
                    <th scope="row">
                        <button type="button" class="sdrs-link sdrs-mono" data-action="trends-group"
                            aria-label=label on:click=move |_| ctx.pick(&trends, what.clone())>
                            {group}
                        </button>
                    </th>
                    <td>{scope}</td>
                    <td class="sdrs-num">{count(n)}</td>
                </tr>
            }
        })
        .collect_view();
    let columns = [TrendsKey::ColGroup, TrendsKey::ColScope, TrendsKey::ColCount];
    let empty = trends.top_groups.is_empty();
    ranked_box(ctx, "groups", TrendsKey::GroupsTitle, columns, empty, rows)
}

/// A ranking's box (`sdrs-trends-{name}`): its title, and its table or
/// the line that nothing is ranked.
fn ranked_box(
    ctx: TrendsCtx,
    name: &'static str,
    title: TrendsKey,
    columns: [TrendsKey; 3],
    empty: bool,
    rows: impl IntoView + 'static,
) -> impl IntoView {
    let id = format!("sdrs-trends-{name}");
    let table_class = format!("sdrs-tl-table {id}");
    let labelled_by = id.clone();
    let body = if empty {
        none_ranked(ctx).into_any()
    } else {
        view! {
            <table class=table_class>
                <thead><tr>
                    {columns.map(|k| view! { <th scope="col">{move || ctx.t(k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="sdrs-trends-box" aria-labelledby=labelled_by>
            <h3 id=id>{move || ctx.t(title)}</h3>
            {body}
        </section>
    }
}

#[component]
pub(super) fn TimeToClear(ctx: TrendsCtx, trends: Arc<Trends>) -> impl IntoView {
    let ttc = trends.time_to_clear.clone();
    let cleared = ttc.cleared;
    view! {
        <section class="sdrs-trends-box" aria-labelledby="sdrs-trends-clear">
            <h3 id="sdrs-trends-clear">{move || ctx.t(TrendsKey::ClearTitle)}</h3>
            <p class="sdrs-trends-clear" data-cleared=cleared.to_string()>
                {move || clear_summary(&ttc, ctx.locale.get())}
            </p>
            <p class="sdrs-sub">{move || ctx.t(TrendsKey::ClearRule)}</p>
        </section>
    }
}
