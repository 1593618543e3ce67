//! The delivery log of the Alert channels page: every attempt, newest
//! first (time, channel, what, outcome and why, which attempt), of all
//! channels or of one; fetched again with the channels.

use super::channels::ChannelsPage;
use super::{list_table, load_problem, local_ms, use_list};
use crate::i18n::{AlertKey, Key};
use crate::view_model::alert_channels::{delivery_line, outcome_ok};
use leptos::prelude::*;

const COLUMNS: [AlertKey; 5] = [
    AlertKey::ColTime,
    AlertKey::ColChannel,
    AlertKey::ColWhat,
    AlertKey::ColOutcome,
    AlertKey::ColAttempt,
];

#[component]
pub(super) fn DeliveryLog(page: ChannelsPage, names: Signal<Vec<String>>) -> impl IntoView {
    let locale = page.locale;
    let channel = RwSignal::new(String::new());
    let (log, loading) = use_list(page.reload, move |signal| {
        let name = channel.get();
        let api = page.client.get_value();
        async move {
            let name = Some(name.as_str()).filter(|n| !n.is_empty());
            api.alert_deliveries(name, signal.as_ref()).await
        }
    });
    let status = move || {
        if loading.get() {
            return Key::Loading.text(locale.get()).to_owned();
        }
        log.with(|l| match l {
            Some(Ok(read)) if read.rows.is_empty() => page.t(AlertKey::LogEmpty).to_owned(),
            _ => String::new(),
        })
    };
    let failure = move || {
        let retry = Callback::new(move |()| page.reload.update(|n| *n += 1));
        log.with(|l| {
            load_problem(
                l,
                |r| r.malformed,
                AlertKey::LogLoadFailed,
                "retry-log",
                retry,
                locale,
            )
        })
    };
    let rows = move || {
        let locale = locale.get();
        log.with(|l| match l {
            Some(Ok(read)) if !read.rows.is_empty() => Some(
                read.rows
                    .iter()
                    .map(|d| (delivery_line(d, locale), outcome_ok(&d.outcome)))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
    };
    let title_id = crate::panel::unique_id("delivery-log-title");
    let heading_id = title_id.clone();
    view! {
        <section class="sdrs-delivery-log" aria-labelledby=title_id.clone()>
            <h3 id=heading_id>{move || page.t(AlertKey::LogTitle)}</h3>
            <p class="sdrs-sub">{move || page.t(AlertKey::LogCaption)}</p>
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || page.t(AlertKey::LogChannel)}</span>
                <select name="log_channel" prop:value=move || channel.get()
                    on:change=move |ev| channel.set(event_target_value(&ev))>
                    <option value="">{move || page.t(AlertKey::LogAllChannels)}</option>
                    {move || names.get().into_iter().map(|n| {
                        let (value, chosen) = (n.clone(), n.clone());
                        view! { <option value=value selected=move || channel.with(|c| *c == chosen)>{n}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="sdrs-status" role="status" aria-live="polite">{status}</div>
            {failure}
            {move || rows().map(|rows| {
                let body = rows.into_iter().map(|(line, ok)| view! {
                                <tr data-delivery-id=line.id.to_string() data-purpose=line.purpose.clone()
                                    data-outcome=line.outcome.clone() data-ok=if ok { "true" } else { "false" }>
                                    <td>{local_ms(line.at_ms, locale.get_untracked())}</td>
                                    <td>{line.channel.clone()}</td>
                                    <td class="sdrs-cell-reason">{line.what.clone()}</td>
                                    <td class="sdrs-cell-reason">{line.outcome_text.clone()}</td>
                                    <td>{line.attempt.clone()}</td>
                                </tr>
                            }).collect_view();
                list_table("sdrs-delivery-table", AlertKey::LogTitle, &COLUMNS, locale, body)
            })}
        </section>
    }
}
