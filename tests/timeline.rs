//! The failure timeline in the browser, against the emulator at
//! `SDRS_TEST_API`: each bar counts exactly the failures of its span (the
//! emulator's rows, asked for through the API), stacked by status to the
//! total; a click, a drag and the keyboard refine the table to the bars'
//! span; colours follow the theme's tokens; the table alternative holds
//! the same numbers; "Hide timeline" is kept for the tab.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::{Locale, TimelineKey};
use sdrs_console::models::{FailureJob, FailureJobQuery};
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use std::any::Any;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const BARS: &str = ".sdrs-timeline .sdrs-tl-bar";
const HIDDEN_KEY: &str = "sdrs-console.timeline-hidden";

struct Panel {
    el: HtmlElement,
    handle: Box<dyn Any>,
}

impl Panel {
    fn mount(query: FailureJobQuery, locale: Locale) -> Panel {
        let el = fresh_element();
        let store = PanelStore::new(
            client(),
            ViewState {
                query,
                ..Default::default()
            },
            locale,
        );
        let handle = leptos::mount::mount_to(el.clone(), move || view! { <FailedTasksPanel store=store /> });
        Panel {
            el,
            handle: Box::new(handle),
        }
    }

    fn root(&self) -> &Element {
        &self.el
    }

    fn unmount(self) {
        drop(self.handle);
        self.el.remove();
    }
}

fn client() -> ApiClient {
    ApiClient::new(api_base(), PROJECT, TokenSource::None)
}

/// Every failure the emulator has for `q`'s filters, page by page.
async fn all_failures(q: &FailureJobQuery) -> Vec<FailureJob> {
    let mut page = q.first_page().with_limit(1000);
    let mut out = Vec::new();
    loop {
        let rows = client()
            .list_failure_jobs(&page, None)
            .await
            .unwrap()
            .failure_jobs;
        let n = rows.len();
        out.extend(rows);
        if n < 1000 {
            return out;
        }
        page.set_offset(page.offset() + 1000);
    }
}

/// A protection group whose failures fit one page of 1000 (so the table
/// can show all of a bar's rows), the one with the most failures: the
/// query for it and its failures.
async fn busiest_group() -> (FailureJobQuery, Vec<FailureJob>) {
    let groups = client().protection_groups(1000, 0).await.unwrap().server_groups;
    let mut best: Option<(FailureJobQuery, Vec<FailureJob>)> = None;
    for g in groups {
        let q = query(|q| q.server_group_id = Some(g.id.clone())).with_limit(1000);
        let rows = all_failures(&q).await;
        if rows.len() < 1000 && best.as_ref().is_none_or(|(_, b)| rows.len() > b.len()) {
            best = Some((q, rows));
        }
    }
    let best = best.expect("the emulator has protection groups");
    assert!(
        best.1.len() > 20,
        "too few failures to test with: {}",
        best.1.len()
    );
    best
}

fn attr_i64(el: &Element, name: &str) -> i64 {
    el.get_attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} of {}", el.outer_html()))
}

fn begin_ms(job: &FailureJob) -> f64 {
    js_sys::Date::parse(&job.begin_time)
}

fn in_span(job: &FailureJob, bar: &Element) -> bool {
    let t = begin_ms(job);
    t >= attr_i64(bar, "data-start") as f64 && t < attr_i64(bar, "data-end") as f64
}

/// The table's rows' begin times (epoch ms).
fn table_times(root: &Element) -> Vec<f64> {
    all(root, "tbody tr[data-job-id] time")
        .iter()
        .map(|t| js_sys::Date::parse(&t.get_attribute("datetime").unwrap_or_default()))
        .collect()
}

async fn mount_loaded(q: &FailureJobQuery, rows: usize) -> Panel {
    let p = Panel::mount(q.clone(), Locale::En);
    wait_for("the table and the timeline", || {
        !busy(p.root())
            && row_ids(p.root()).len() == rows
            && all(p.root(), BARS)
                .iter()
                .map(|b| attr_i64(b, "data-total"))
                .sum::<i64>()
                == rows as i64
    })
    .await;
    p
}

fn dispatch_pointer(target: &Element, kind: &str, buttons: u16) {
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_button(0);
    init.set_buttons(buttons);
    init.set_pointer_id(1);
    init.set_is_primary(true);
    let ev = web_sys::PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn dispatch_click(target: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// The non-empty bar with the most failures and its index.
fn busiest_bar(root: &Element) -> (usize, Element) {
    all(root, BARS)
        .into_iter()
        .enumerate()
        .max_by_key(|(_, b)| attr_i64(b, "data-total"))
        .unwrap()
}

#[wasm_bindgen_test]
async fn each_bar_counts_the_failures_of_its_span_by_status() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let bars = all(p.root(), BARS);
    assert!(bars.len() > 1, "{} bars", bars.len());
    let mut stacked = 0;
    for bar in &bars {
        let mine: Vec<&FailureJob> = rows.iter().filter(|j| in_span(j, bar)).collect();
        assert_eq!(
            attr_i64(bar, "data-total"),
            mine.len() as i64,
            "{}",
            bar.outer_html()
        );
        let mut segments = 0;
        for seg in all(bar, ".sdrs-tl-seg") {
            let status = seg.get_attribute("data-status").unwrap();
            let n = mine
                .iter()
                .filter(|j| j.failure_status.as_str() == status)
                .count();
            assert_eq!(
                attr_i64(&seg, "data-count"),
                n as i64,
                "{status} in {}",
                bar.outer_html()
            );
            segments += n;
        }
        assert_eq!(segments, mine.len(), "the segments stack to the bar's total");
        stacked += segments;
        // Spans touch: each bar ends where the next begins.
        assert!(attr_i64(bar, "data-end") > attr_i64(bar, "data-start"));
    }
    assert_eq!(stacked, rows.len(), "the stacks add up to every failure");
    for pair in bars.windows(2) {
        assert_eq!(attr_i64(&pair[0], "data-end"), attr_i64(&pair[1], "data-start"));
    }
    // The legend names each status with its total.
    let legend: i64 = all(p.root(), ".sdrs-tl-legend li strong")
        .iter()
        .map(|s| text(s).replace(',', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(legend, rows.len() as i64);
    let summary = text(&get(p.root(), ".sdrs-tl-summary"));
    assert!(
        summary.starts_with(&format!("{} failures from ", rows.len())),
        "{summary}"
    );
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_click_refines_the_table_to_that_bar() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let (index, bar) = busiest_bar(p.root());
    let (start, end, total) = (
        attr_i64(&bar, "data-start") as f64,
        attr_i64(&bar, "data-end") as f64,
        attr_i64(&bar, "data-total") as usize,
    );
    assert!(
        total > 0 && total < rows.len(),
        "bar {index}: {total} of {}",
        rows.len()
    );
    dispatch_click(&get(&bar, ".sdrs-tl-hit"));
    wait_for("the table refined to the bar", || {
        row_ids(p.root()).len() == total
    })
    .await;
    let times = table_times(p.root());
    assert!(
        times.iter().all(|t| *t >= start && *t < end),
        "{times:?} vs {start}..{end}"
    );
    let bar = &all(p.root(), BARS)[index];
    assert_eq!(bar.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(all(p.root(), ".sdrs-tl-bar[aria-pressed=true]").len(), 1);
    // The page's refinement control says so too.
    let window: web_sys::HtmlSelectElement = get(p.root(), "select[name=refine_window]").dyn_into().unwrap();
    assert_eq!(window.value(), "custom");
    assert!(!text(&get(p.root(), ".sdrs-tl-refined")).is_empty());
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_drag_across_bars_refines_to_their_span() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let bars = all(p.root(), BARS);
    let (a, b) = (bars.len() / 4, bars.len() / 2);
    let from = attr_i64(&bars[a], "data-start") as f64;
    let to = attr_i64(&bars[b], "data-end") as f64;
    let expected = rows.iter().filter(|j| (from..to).contains(&begin_ms(j))).count();
    dispatch_pointer(&get(&bars[a], ".sdrs-tl-hit"), "pointerdown", 1);
    dispatch_pointer(&get(&bars[(a + b) / 2], ".sdrs-tl-hit"), "pointermove", 1);
    dispatch_pointer(&get(&bars[b], ".sdrs-tl-hit"), "pointermove", 1);
    dispatch_pointer(&get(&bars[b], ".sdrs-tl-hit"), "pointerup", 0);
    dispatch_click(&get(&bars[b], ".sdrs-tl-hit"));
    wait_for("the table refined to the span", || {
        all(p.root(), ".sdrs-tl-bar[aria-pressed=true]").len() == b - a + 1
    })
    .await;
    wait_for("the rows of the span", || row_ids(p.root()).len() == expected).await;
    assert!(table_times(p.root()).iter().all(|t| (from..to).contains(t)));
    p.unmount();
}

#[wasm_bindgen_test]
async fn bars_are_one_tab_stop_and_enter_refines() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let bars = all(p.root(), BARS);
    let stops: Vec<&Element> = bars
        .iter()
        .filter(|b| b.get_attribute("tabindex").as_deref() == Some("0"))
        .collect();
    assert_eq!(stops.len(), 1, "one bar in the tab order");
    let last = bars.len() - 1;
    assert_eq!(
        attr_i64(stops[0], "data-index"),
        last as i64,
        "the newest bar is the tab stop"
    );
    let svg = get(p.root(), ".sdrs-tl-svg");
    stops[0]
        .dyn_ref::<web_sys::SvgElement>()
        .unwrap()
        .focus()
        .unwrap();
    press(&focused().unwrap(), "ArrowLeft");
    leptos::task::tick().await;
    let now = focused().unwrap();
    assert_eq!(now.get_attribute("data-index"), Some((last - 1).to_string()));
    assert_eq!(now.get_attribute("tabindex").as_deref(), Some("0"));
    // Shift+Left widens to two bars; Enter applies.
    press_with_shift(&now, "ArrowLeft");
    leptos::task::tick().await;
    press(&focused().unwrap(), "Enter");
    let from = attr_i64(&bars[last - 2], "data-start") as f64;
    let to = attr_i64(&bars[last - 1], "data-end") as f64;
    let expected = rows.iter().filter(|j| (from..to).contains(&begin_ms(j))).count();
    wait_for("two bars selected", || {
        all(&svg, ".sdrs-tl-bar[aria-pressed=true]").len() == 2
    })
    .await;
    wait_for("the rows of the two bars", || row_ids(p.root()).len() == expected).await;
    p.unmount();
}

fn press_with_shift(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn computed_fill(el: &Element) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value("fill")
        .unwrap()
}

/// The console's stylesheet on the test page (once).
fn load_stylesheet() {
    if common::document().get_element_by_id("sdrs-test-css").is_some() {
        return;
    }
    let style = common::document().create_element("style").unwrap();
    style.set_id("sdrs-test-css");
    style.set_text_content(Some(include_str!("../style/console.css")));
    common::document().head().unwrap().append_child(&style).unwrap();
}

#[wasm_bindgen_test]
async fn colours_follow_the_theme_tokens() {
    load_stylesheet();
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    // A solid segment of the provision family (the accent colour).
    let seg = get(p.root(), ".sdrs-tl-seg.sdrs-tl-c-provision");
    let light = computed_fill(&seg);
    let panel: HtmlElement = get(p.root(), ".sdrs-panel").dyn_into().unwrap();
    // The dark scheme's accent, as a host theming the panel sets it.
    panel.style().set_property("--sdrs-accent", "#6aa7f8").unwrap();
    let dark = computed_fill(&seg);
    assert_ne!(light, dark, "the bars ignore the theme");
    assert_eq!(dark, "rgb(106, 167, 248)");
    // Patterned statuses draw their marks in the surface colour.
    panel.style().set_property("--sdrs-surface", "#181c21").unwrap();
    if let Some(mark) = find(p.root(), ".sdrs-tl-mark") {
        assert_eq!(computed_fill(&mark), "rgb(24, 28, 33)");
    }
    p.unmount();
}

#[wasm_bindgen_test]
async fn the_table_alternative_holds_the_same_numbers() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let toggle = get_html(p.root(), ".sdrs-tl-table-toggle");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(text(&toggle), TimelineKey::ShowTable.text(Locale::En));
    toggle.click();
    wait_for("the table alternative", || {
        find(p.root(), ".sdrs-tl-table tbody tr").is_some()
    })
    .await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let bars = all(p.root(), BARS);
    let table_rows = all(p.root(), ".sdrs-tl-table tbody tr");
    assert_eq!(table_rows.len(), bars.len());
    for (row, bar) in table_rows.iter().zip(&bars) {
        assert_eq!(row.get_attribute("data-start"), bar.get_attribute("data-start"));
        let total = text(&get(row, ".sdrs-tl-total")).replace(',', "");
        assert_eq!(total, bar.get_attribute("data-total").unwrap());
    }
    let heads = all(p.root(), ".sdrs-tl-table thead th").len();
    let statuses = all(p.root(), ".sdrs-tl-legend li").len();
    assert_eq!(heads, statuses + 2, "time, a column per status, total");
    assert!(find(p.root(), ".sdrs-tl-table caption").is_some());
    // It scrolls when long, so it takes focus as a named region (axe's
    // scrollable-region-focusable).
    let wrap = get(p.root(), ".sdrs-tl-table-wrap");
    assert_eq!(wrap.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(wrap.get_attribute("role").as_deref(), Some("region"));
    let caption = wrap.get_attribute("aria-labelledby").unwrap();
    assert!(text(&get(p.root(), &format!("#{caption}"))).starts_with("Failures per "));
    // Title and summary name the drawing for assistive technology.
    let svg = get(p.root(), ".sdrs-tl-svg");
    let title_id = svg.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&get(p.root(), &format!("#{title_id}"))),
        TimelineKey::Title.text(Locale::En)
    );
    let described = svg.get_attribute("aria-describedby").unwrap();
    let summary_id = described.split(' ').next().unwrap();
    assert!(text(&get(p.root(), &format!("#{summary_id}"))).contains("failures from"));
    p.unmount();
}

#[wasm_bindgen_test]
async fn hide_timeline_is_kept_for_the_tab() {
    let (q, rows) = busiest_group().await;
    let p = mount_loaded(&q, rows.len()).await;
    let hide = get_html(p.root(), ".sdrs-tl-hide");
    assert_eq!(text(&hide), TimelineKey::Hide.text(Locale::En));
    hide.click();
    wait_for("the timeline hidden", || find(p.root(), ".sdrs-tl-svg").is_none()).await;
    assert_eq!(hide.get_attribute("aria-expanded").as_deref(), Some("false"));
    p.unmount();
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    assert_eq!(storage.get_item(HIDDEN_KEY).unwrap().as_deref(), Some("1"));

    let p = Panel::mount(q.clone(), Locale::Zh);
    // The timeline mounts once the first rows are painted.
    wait_for("the table and the timeline's header", || {
        row_ids(p.root()).len() == rows.len() && find(p.root(), ".sdrs-tl-hide").is_some()
    })
    .await;
    assert!(
        find(p.root(), ".sdrs-tl-svg").is_none(),
        "hidden again after a remount"
    );
    let show = get_html(p.root(), ".sdrs-tl-hide");
    assert_eq!(text(&show), TimelineKey::Show.text(Locale::Zh));
    show.click();
    wait_for("the timeline shown", || find(p.root(), ".sdrs-tl-svg").is_some()).await;
    assert_eq!(storage.get_item(HIDDEN_KEY).unwrap().as_deref(), Some("0"));
    p.unmount();
}

fn bar_sum(root: &Element) -> i64 {
    all(root, BARS).iter().map(|b| attr_i64(b, "data-total")).sum()
}

#[wasm_bindgen_test]
async fn bars_count_every_page_not_only_the_page_on_screen() {
    let (q, rows) = busiest_group().await;
    let p = Panel::mount(q.clone().with_limit(20), Locale::En);
    wait_for("20 rows on screen, every failure in the bars", || {
        row_ids(p.root()).len() == 20 && bar_sum(p.root()) == rows.len() as i64
    })
    .await;
    let source = text(&get(p.root(), ".sdrs-tl-source"));
    assert_eq!(
        source,
        format!("From all {} failed tasks of these filters.", rows.len())
    );
    for bar in all(p.root(), BARS) {
        let mine = rows.iter().filter(|j| in_span(j, &bar)).count();
        assert_eq!(attr_i64(&bar, "data-total"), mine as i64);
    }
    assert!(
        find(p.root(), ".sdrs-tl-progress").is_none(),
        "no progress once done"
    );
    p.unmount();
}

#[wasm_bindgen_test]
async fn stopping_the_fetch_of_all_pages_draws_the_page_and_it_can_fetch_again() {
    let (q, rows) = busiest_group().await;
    clear_faults().await;
    // The page and the first page of the walk both wait.
    Fault::on(list_path(PROJECT)).delay(3000).times(2).queue().await;
    let p = Panel::mount(q.clone().with_limit(20), Locale::En);
    wait_for("the progress of all pages", || {
        find(p.root(), "[data-action=timeline-cancel]").is_some()
    })
    .await;
    assert!(text(&get(p.root(), ".sdrs-tl-progress")).starts_with("Loading all pages"));
    click(p.root(), "[data-action=timeline-cancel]");
    wait_for("the stop said", || {
        find(p.root(), "[data-action=timeline-reload]").is_some()
    })
    .await;
    wait_for("the page's rows drawn", || {
        row_ids(p.root()).len() == 20 && bar_sum(p.root()) == 20
    })
    .await;
    assert_eq!(
        text(&get(p.root(), ".sdrs-tl-source")),
        "From the 20 rows of this page."
    );
    // The stop lasts: nothing starts again by itself.
    settle(300).await;
    assert!(find(p.root(), "[data-action=timeline-cancel]").is_none());
    click(p.root(), "[data-action=timeline-reload]");
    wait_for("every failure in the bars", || {
        bar_sum(p.root()) == rows.len() as i64
    })
    .await;
    clear_faults().await;
    p.unmount();
}
