//! The timeline's bars, drawn as SVG by the console: stacked segments per
//! failure status (a colour by status family and a pattern within it, so
//! no two statuses differ by colour alone), a y grid, axis labels, a
//! legend. Bars are one Tab stop (roving `tabindex`): the arrows move,
//! Shift+arrows widen, Enter or Space pick the bars; a click picks one bar
//! (or one status's part of it), a drag a span. The chart takes plain data
//! and tells its owner what was picked: the panel's timeline refines the
//! table, the trends of "All scopes" list the failures.

use super::bars;
use crate::i18n::{Labelled, Locale};
use crate::view_model::format::count;
use crate::view_model::timeline::Timeline;
use crate::view_model::timeline_axis::{nice_top, tick_label, ticks};
use leptos::prelude::*;
use sdrs_models::{FailureStatus, StatusFamily};
use wasm_bindgen::JsCast;

/// Plot geometry in px (x runs in % of the width). The stylesheet's
/// `.sdrs-tl-skeleton-chart` (slot.rs) holds the same height until the
/// chunk comes.
const HEIGHT: f64 = 132.0;
pub(super) const TOP: f64 = 6.0;
pub(super) const BOTTOM: f64 = 110.0;
const LABEL_Y: f64 = 126.0;
const MAX_LABELS: usize = 8;

/// How a series is drawn: the colour class of its family and a pattern.
pub(crate) fn series_style(status: &FailureStatus) -> (&'static str, Pattern) {
    use FailureStatus::*;
    let family = match status.family() {
        StatusFamily::Provision => "provision",
        StatusFamily::Teardown => "teardown",
        StatusFamily::Switchover => "switchover",
        StatusFamily::Capacity => "capacity",
        StatusFamily::Unknown => "unknown",
    };
    let pattern = match status {
        CreateFail | DeleteFail | ReverseFail | ExpandFail => Pattern::Solid,
        AttachFail | DetachFail | FailoverFail | ResizeFail => Pattern::Stripes,
        StartFail | StopFail | ReprotectFail => Pattern::Dots,
        Other(_) => Pattern::Cross,
    };
    (family, pattern)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    Solid,
    Stripes,
    Dots,
    Cross,
}

/// `fill` of series `index`: its colour, or its pattern's id.
pub(crate) fn series_fill(ids: &str, index: usize, status: &FailureStatus) -> Option<String> {
    (series_style(status).1 != Pattern::Solid).then(|| format!("url(#{ids}-s{index})"))
}

/// Classes of a series' shape: its colour class when solid (a CSS `fill`
/// would override a pattern's `fill` attribute).
pub(super) fn series_class(base: &str, status: &FailureStatus) -> String {
    match series_style(status) {
        (family, Pattern::Solid) => format!("{base} sdrs-tl-c-{family}"),
        _ => base.to_owned(),
    }
}

/// The patterns of the series, one `<pattern>` each (solid ones need none).
pub(crate) fn pattern_defs(ids: &str, series: &[FailureStatus]) -> impl IntoView {
    series
        .iter()
        .enumerate()
        .filter_map(|(i, status)| {
            let (family, pattern) = series_style(status);
            let colour = format!("sdrs-tl-c-{family}");
            let mark = match pattern {
                Pattern::Solid => return None,
                Pattern::Stripes => {
                    view! { <rect width="2.5" height="6" class="sdrs-tl-mark"></rect> }.into_any()
                }
                Pattern::Dots => {
                    view! { <circle cx="3" cy="3" r="1.4" class="sdrs-tl-mark"></circle> }.into_any()
                }
                Pattern::Cross => view! {
                    <rect width="1.5" height="6" class="sdrs-tl-mark"></rect>
                    <rect width="6" height="1.5" class="sdrs-tl-mark"></rect>
                }
                .into_any(),
            };
            Some(view! {
                <pattern
                    id=format!("{ids}-s{i}")
                    patternUnits="userSpaceOnUse"
                    width="6"
                    height="6"
                    patternTransform=(pattern == Pattern::Stripes).then_some("rotate(45)")
                >
                    <rect width="6" height="6" class=colour></rect>
                    {mark}
                </pattern>
            })
        })
        .collect_view()
}

/// A legend swatch of series `index`.
pub(crate) fn swatch(ids: &str, index: usize, status: &FailureStatus) -> impl IntoView {
    view! {
        <svg class="sdrs-tl-swatch" width="14" height="14" aria-hidden="true">
            <rect
                width="14"
                height="14"
                class=series_class("sdrs-tl-swatch-fill", status)
                fill=series_fill(ids, index, status)
            ></rect>
        </svg>
    }
}

/// What a click, a drag or Enter picked: bars `first..=last` (in either
/// order) and, for a click on one status's part of a bar, its series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BarPick {
    pub first: usize,
    pub last: usize,
    pub series: Option<usize>,
}

/// The bars. `offset` is the zone the bars are labelled in
/// (`utc_offset_ms(instant)`); `selected` the bars drawn as picked;
/// the element `{ids}-title` names the chart and `{ids}-summary` and
/// `{ids}-hint` describe it.
#[component]
pub(crate) fn TimelineChart(
    timeline: Signal<Timeline>,
    selected: Signal<Option<(usize, usize)>>,
    locale: Signal<Locale>,
    ids: StoredValue<String>,
    offset: fn(i64) -> i64,
    on_pick: Callback<BarPick>,
) -> impl IntoView {
    let cursor = RwSignal::new(usize::MAX);
    let anchor = RwSignal::new(usize::MAX);
    let drag = RwSignal::new(None::<(usize, usize)>);
    // A drag across bars ended by `pointerup` is applied there; the
    // `click` that follows it is not another selection.
    let dragged = StoredValue::new(false);
    let shown = Memo::new(move |_| drag.get().or_else(|| selected.get()));
    let len = move || timeline.with(|t| t.buckets.len());
    // The tab stop: the last bar moved to, else the newest.
    let stop = move || {
        let n = len();
        let c = cursor.get();
        if c < n {
            c
        } else {
            n.saturating_sub(1)
        }
    };
    let pick = move |first: usize, last: usize, series: Option<usize>| {
        on_pick.run(BarPick { first, last, series });
    };
    let apply = move |a: usize, b: usize| pick(a, b, None);
    let attr_of = |ev: &web_sys::Event, name: &str| -> Option<usize> {
        let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        el.closest(&format!("[{name}]"))
            .ok()??
            .get_attribute(name)?
            .parse()
            .ok()
    };
    let bar_of = move |ev: &web_sys::Event| attr_of(ev, "data-index");
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(i) = bar_of(&ev) {
            drag.set(Some((i, i)));
            cursor.set(i);
            anchor.set(i);
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((a, _)) = drag.get_untracked() else {
            return;
        };
        if ev.buttons() == 0 {
            drag.set(None);
            return;
        }
        if let Some(i) = bar_of(&ev) {
            drag.set(Some((a, i)));
            cursor.set(i);
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let Some((a, b)) = drag.get_untracked() else {
            return;
        };
        let b = bar_of(&ev).unwrap_or(b);
        drag.set(None);
        if a == b {
            // A click: `click` picks the bar, or the status's part of it.
            return;
        }
        dragged.set_value(true);
        apply(a, b);
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if std::mem::take(&mut *dragged.write_value()) {
            return;
        }
        if let Some(i) = bar_of(&ev) {
            cursor.set(i);
            anchor.set(i);
            pick(i, i, attr_of(&ev, "data-series"));
        }
    };
    let focus_bar = move |svg: &web_sys::Element, i: usize| {
        if let Ok(Some(bar)) = svg.query_selector(&format!("[data-index=\"{i}\"]")) {
            if let Some(bar) = bar.dyn_ref::<web_sys::SvgElement>() {
                let _ = bar.focus();
            }
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = len();
        if n == 0 || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let at = stop();
        let to = match ev.key().as_str() {
            "ArrowLeft" => at.saturating_sub(1),
            "ArrowRight" => (at + 1).min(n - 1),
            "Home" => 0,
            "End" => n - 1,
            "Enter" | " " => {
                ev.prevent_default();
                let a = anchor.get_untracked();
                apply(if a < n { a } else { at }, at);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if !ev.shift_key() || anchor.get_untracked() >= n {
            anchor.set(to);
        }
        cursor.set(to);
        if let Some(svg) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            focus_bar(&svg, to);
        }
    };

    // The grid, the axis labels and the patterns: a few elements, drawn
    // as a view; the bars are drawn by `bars` into `bars_group`.
    let axes = move || {
        let locale = locale.get();
        timeline.with(|t| {
            let top = nice_top(t.peak());
            let scale = (BOTTOM - TOP) / top as f64;
            let slot = 100.0 / t.buckets.len().max(1) as f64;
            let id = ids.get_value();
            let mut marks = vec![0, top / 2, top];
            marks.dedup();
            let grid = marks
                .into_iter()
                .map(|v| {
                    let y = format!("{:.2}", BOTTOM - v as f64 * scale);
                    view! {
                        <line class="sdrs-tl-grid" x1="0" x2="100%" y1=y.clone() y2=y.clone()></line>
                        <text class="sdrs-tl-ylabel" x="-6" y=y>{count(v as u64)}</text>
                    }
                })
                .collect_view();
            let labels = ticks(t, MAX_LABELS, &offset)
                .into_iter()
                .filter_map(|i| {
                    let b = t.buckets.get(i)?;
                    let x = format!("{:.3}%", (i as f64 + 0.5) * slot);
                    let text = tick_label(b.start_ms, t.size, offset(b.start_ms), locale);
                    Some(view! { <text class="sdrs-tl-xlabel" x=x y=LABEL_Y.to_string()>{text}</text> })
                })
                .collect_view();
            view! {
                <defs>{pattern_defs(&id, &t.series)}</defs>
                <g aria-hidden="true">{grid}{labels}</g>
            }
        })
    };
    let bars_group = NodeRef::<leptos::svg::G>::new();
    // Drawn again when the buckets or the language change, with the pick
    // and the tab stop of that moment; `mark_bars` keeps those up to date.
    Effect::new(move |_| {
        let Some(group) = bars_group.get() else { return };
        let locale = locale.get();
        let drawn = timeline.with(|t| bars::draw_bars(&group, t, locale, &ids.get_value(), &offset));
        if let Err(error) = drawn {
            leptos::logging::error!("the timeline's bars could not be drawn: {error:?}");
        }
        untrack(|| bars::mark_bars(&group, shown.get(), stop()));
    });
    Effect::new(move |_| {
        let Some(group) = bars_group.get() else { return };
        bars::mark_bars(&group, shown.get(), stop());
    });

    view! {
        <svg
            class="sdrs-tl-svg"
            width="100%"
            height=HEIGHT.to_string()
            role="group"
            aria-labelledby=move || format!("{}-title", ids.get_value())
            aria-describedby=move || format!("{0}-summary {0}-hint", ids.get_value())
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=move |_| drag.set(None)
            on:click=on_click
            on:keydown=on_key
        >
            {axes}
            <g node_ref=bars_group></g>
        </svg>
    }
}

/// The legend: each series' swatch, label and count.
pub(crate) fn legend(timeline: &Timeline, ids: &str, locale: Locale) -> impl IntoView {
    timeline
        .series
        .iter()
        .enumerate()
        .map(|(i, status)| {
            let n: u64 = timeline.buckets.iter().map(|b| b.counts[i] as u64).sum();
            view! {
                <li data-status=status.as_str().to_owned()>
                    {swatch(ids, i, status)}
                    <span>{status.label(locale).into_owned()}</span>
                    " "
                    <strong>{count(n)}</strong>
                </li>
            }
        })
        .collect_view()
}
