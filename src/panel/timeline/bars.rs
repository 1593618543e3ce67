//! The chart's bars, drawn straight into the DOM. Up to 400 bars of
//! stacked segments, each with a dozen attributes and a label: as a view
//! tree every attribute's text and every bar's reactive `aria-pressed`,
//! class and `tabindex` stayed in wasm memory for as long as the chart
//! was shown (~0.4 MB for a week of hourly bars). Drawn here, the page
//! holds them once, in its DOM; [`mark_bars`] updates what a pick or the
//! tab stop changes. Text goes in through `setAttribute` and
//! `textContent`, never parsed as markup.

use super::chart::{series_class, series_fill, BOTTOM, TOP};
use crate::i18n::{fill, Labelled, Locale, TimelineKey};
use crate::view_model::format::count;
use crate::view_model::timeline::Timeline;
use crate::view_model::timeline_axis::{bucket_label, nice_top};
use wasm_bindgen::JsValue;

const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");

/// Replaces the children of `group` with a `<g>` per bucket of `t`: its
/// label (`aria-label` and `<title>`), a hit area and a `<rect>` per
/// status in it; [`mark_bars`] must follow. `ids` names the chart's patterns; `offset` is the zone
/// the buckets are labelled in.
pub(super) fn draw_bars(
    group: &web_sys::Element,
    t: &Timeline,
    locale: Locale,
    ids: &str,
    offset: &impl Fn(i64) -> i64,
) -> Result<(), JsValue> {
    let document = group.owner_document().ok_or("the chart is not in a document")?;
    let svg = |tag: &str| document.create_element_ns(SVG, tag);
    let top = nice_top(t.peak());
    let scale = (BOTTOM - TOP) / top as f64;
    let slot = 100.0 / t.buckets.len().max(1) as f64;
    // Built apart and put in at once: one layout, not one a bar.
    let bars = document.create_document_fragment();
    for (i, b) in t.buckets.iter().enumerate() {
        let bar = svg("g")?;
        let name = bucket_label(b.start_ms, b.end_ms, t.size, offset);
        let mut parts = vec![fill(
            TimelineKey::BarLabel.text(locale),
            &[("time", &name), ("n", &count(b.total as u64))],
        )
        .into_owned()];
        let hit = svg("rect")?;
        for (attr, value) in [
            ("class", "sdrs-tl-hit".to_owned()),
            ("x", format!("{:.3}%", i as f64 * slot)),
            ("width", format!("{slot:.3}%")),
            ("y", TOP.to_string()),
            ("height", (BOTTOM - TOP).to_string()),
        ] {
            hit.set_attribute(attr, &value)?;
        }
        let title = svg("title")?;
        bar.append_child(&title)?;
        bar.append_child(&hit)?;
        let mut y = BOTTOM;
        for (s, &c) in b.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let status = &t.series[s];
            parts.push(format!("{} {}", status.label(locale), count(c as u64)));
            let h = (c as f64 * scale).max(1.0);
            y -= h;
            let segment = svg("rect")?;
            for (attr, value) in [
                ("class", series_class("sdrs-tl-seg", status)),
                ("data-status", status.as_str().to_owned()),
                ("data-series", s.to_string()),
                ("data-count", c.to_string()),
                ("x", format!("{:.3}%", (i as f64 + 0.12) * slot)),
                ("width", format!("{:.3}%", slot * 0.76)),
                ("y", format!("{y:.2}")),
                ("height", format!("{h:.2}")),
            ] {
                segment.set_attribute(attr, &value)?;
            }
            if let Some(pattern) = series_fill(ids, s, status) {
                segment.set_attribute("fill", &pattern)?;
            }
            bar.append_child(&segment)?;
        }
        let label = parts.join(", ");
        title.set_text_content(Some(&label));
        // The class, `aria-pressed` and `tabindex` are `mark_bars`' to set,
        // which runs after every draw.
        for (attr, value) in [
            ("role", "button".to_owned()),
            ("data-index", i.to_string()),
            ("data-total", b.total.to_string()),
            ("data-start", b.start_ms.to_string()),
            ("data-end", b.end_ms.to_string()),
            ("aria-label", label),
        ] {
            bar.set_attribute(attr, &value)?;
        }
        bars.append_child(&bar)?;
    }
    group.set_text_content(None);
    group.append_child(&bars)?;
    Ok(())
}

/// Marks the bars of `group` in `shown` (first and last, in either order)
/// as picked, and bar `stop` as the chart's one Tab stop.
pub(super) fn mark_bars(group: &web_sys::Element, shown: Option<(usize, usize)>, stop: usize) {
    let picked = |i: usize| shown.is_some_and(|(a, b)| (a.min(b)..=a.max(b)).contains(&i));
    let bars = group.children();
    for i in 0..bars.length() as usize {
        let Some(bar) = bars.item(i as u32) else { continue };
        let on = picked(i);
        let class = if on {
            "sdrs-tl-bar sdrs-tl-selected"
        } else {
            "sdrs-tl-bar"
        };
        let _ = bar.set_attribute("class", class);
        let _ = bar.set_attribute("aria-pressed", if on { "true" } else { "false" });
        let _ = bar.set_attribute("tabindex", if i == stop { "0" } else { "-1" });
    }
}
