//! The Alert channels page: each channel's kind, target (as the server
//! redacted it), state and why, last delivery and counts, a "Send test
//! message" button for operators with what came of it (the server's
//! rate-limit refusal too), and the delivery log below. Every text from
//! the server goes into the page as text.

use super::delivery_log::DeliveryLog;
use super::{list_table, load_problem, local_ms, refusal_note, use_list, Notice};
use crate::api::ApiClient;
use crate::i18n::{fill, AlertKey, Key, Locale};
use crate::view_model::alert_channels::{channel_counts, delivery_line, test_result, ChannelHealth};
use crate::view_model::team_session::{TeamRole, ROLE_REFUSED_CODE};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::AlertChannel;
use std::collections::BTreeMap;

const COLUMNS: [AlertKey; 7] = [
    AlertKey::ColChannel,
    AlertKey::ColKind,
    AlertKey::ColTarget,
    AlertKey::ColState,
    AlertKey::ColLast,
    AlertKey::ColCounts,
    AlertKey::ColActions,
];

/// What the page shares with its rows and log.
#[derive(Clone, Copy)]
pub(super) struct ChannelsPage {
    pub client: StoredValue<ApiClient, LocalStorage>,
    pub locale: Signal<Locale>,
    refusal: Option<AlertKey>,
    refusal_id: StoredValue<String>,
    /// Bumped to fetch the channels and the log again.
    pub reload: RwSignal<u32>,
    /// Channels whose test message is on its way.
    testing: RwSignal<Vec<String>>,
    /// What each channel's last test came to (kept over reloads).
    tested: RwSignal<BTreeMap<String, Notice>>,
}

impl ChannelsPage {
    pub fn t(&self, key: AlertKey) -> &'static str {
        key.text(self.locale.get())
    }

    fn send_test(&self, name: String) {
        let page = *self;
        if page.refusal.is_some() || page.testing.with_untracked(|t| t.contains(&name)) {
            return;
        }
        page.testing.update(|t| t.push(name.clone()));
        let api = page.client.get_value();
        spawn_local(async move {
            let result = api.test_alert_channel(&name).await;
            let locale = page.locale.get_untracked();
            let notice = match result {
                Ok(delivery) => {
                    let (ok, text) = test_result(&delivery, locale);
                    if ok {
                        Notice::done(&text)
                    } else {
                        Notice::failed(text)
                    }
                }
                Err(e) if e.code == ROLE_REFUSED_CODE => {
                    Notice::failed(AlertKey::ViewerMayNotTest.text(locale).to_owned())
                }
                // The rate-limit refusal (429) and the rest: the server's words.
                Err(e) => Notice::failed(
                    fill(AlertKey::TestRefused.text(locale), &[("reason", &e.summary())]).into_owned(),
                ),
            };
            page.testing.try_update(|t| t.retain(|n| *n != name));
            page.tested.try_update(|t| {
                t.insert(name, notice);
            });
            page.reload.try_update(|n| *n += 1);
        });
    }
}

pub(super) fn channels_page(client: ApiClient, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
    let page = ChannelsPage {
        client: StoredValue::new_local(client),
        locale,
        refusal: role
            .filter(|r| !r.may_delete())
            .map(|_| AlertKey::ViewerMayNotTest),
        refusal_id: StoredValue::new(crate::panel::unique_id("channels-refusal")),
        reload: RwSignal::new(0),
        testing: RwSignal::new(Vec::new()),
        tested: RwSignal::new(BTreeMap::new()),
    };
    let (list, loading) = use_list(page.reload, move |signal| {
        let api = page.client.get_value();
        async move { api.alert_channels(signal.as_ref()).await }
    });
    let refresh = move |_| page.reload.update(|n| *n += 1);
    let status = move || {
        let locale = locale.get();
        if loading.get() {
            return Key::Loading.text(locale).to_owned();
        }
        list.with(|l| match l {
            Some(Ok(read)) if read.rows.is_empty() => AlertKey::ChannelsEmpty.text(locale).to_owned(),
            _ => String::new(),
        })
    };
    let failure = move || {
        let retry = Callback::new(move |()| page.reload.update(|n| *n += 1));
        list.with(|l| {
            load_problem(
                l,
                |r| r.malformed,
                AlertKey::ChannelsLoadFailed,
                "retry-channels",
                retry,
                locale,
            )
        })
    };
    let channels = move || {
        list.with(|l| match l {
            Some(Ok(read)) if !read.rows.is_empty() => Some(read.rows.clone()),
            _ => None,
        })
    };
    // A memo: the log's choices are drawn again only when the names change.
    let names = Memo::new(move |_| {
        list.with(|l| match l {
            Some(Ok(read)) => read.rows.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let title_id = crate::panel::unique_id("channels-title");
    let heading_id = title_id.clone();
    view! {
        <section class="sdrs-panel sdrs-channels" aria-labelledby=title_id.clone() lang=move || locale.get().tag()>
            <h2 id=heading_id>{move || page.t(AlertKey::ChannelsTitle)}</h2>
            <p class="sdrs-sub">{move || page.t(AlertKey::ChannelsCaption)}</p>
            {refusal_note(page.refusal, page.refusal_id.get_value(), locale)}
            <div class="sdrs-toolbar">
                <button type="button" class="sdrs-button" data-action="refresh-channels" on:click=refresh>
                    {move || Key::Refresh.text(locale.get())}
                </button>
            </div>
            <div class="sdrs-status" role="status" aria-live="polite">{status}</div>
            {failure}
            {move || channels().map(|rows| view! { <ChannelTable page=page rows=rows /> })}
            <DeliveryLog page=page names=names.into() />
        </section>
    }
    .into_any()
}

#[component]
fn ChannelTable(page: ChannelsPage, rows: Vec<AlertChannel>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|c| view! { <ChannelRow page=page channel=c /> })
        .collect_view();
    list_table(
        "sdrs-channel-table",
        AlertKey::ChannelsTitle,
        &COLUMNS,
        page.locale,
        body,
    )
}

#[component]
fn ChannelRow(page: ChannelsPage, channel: AlertChannel) -> impl IntoView {
    let locale = page.locale;
    let health = ChannelHealth::of(&channel.state);
    let since = channel.since_ms;
    let state = move || {
        let mut text = page.t(health.key()).to_owned();
        if let Some(ms) = since {
            text.push_str(" · ");
            text.push_str(&fill(
                page.t(AlertKey::ChannelSince),
                &[("when", &local_ms(ms, locale.get()))],
            ));
        }
        text
    };
    let reason = channel.reason.clone().filter(|r| !r.trim().is_empty());
    let last = channel.last.clone();
    let last_text = move || match &last {
        Some(d) => {
            let line = delivery_line(d, locale.get());
            format!(
                "{} · {} · {}",
                local_ms(d.at_ms, locale.get()),
                line.what,
                line.outcome_text
            )
        }
        None => page.t(AlertKey::NoDelivery).to_owned(),
    };
    let counts = {
        let channel = channel.clone();
        move || channel_counts(&channel, locale.get())
    };
    let name = channel.name.clone();
    let busy = {
        let name = name.clone();
        Memo::new(move |_| page.testing.with(|t| t.contains(&name)))
    };
    let outcome = {
        let name = name.clone();
        move || page.tested.with(|t| t.get(&name).cloned()).map(|n| n.view())
    };
    let label = {
        let name = name.clone();
        move || fill(page.t(AlertKey::SendTestLabel), &[("name", &name)]).into_owned()
    };
    let refused = page.refusal.is_some();
    let described = page.refusal.map(|_| page.refusal_id.get_value());
    let send = {
        let name = name.clone();
        move |_| page.send_test(name.clone())
    };
    view! {
        <tr data-channel=name.clone() data-state=health.as_str()>
            <th scope="row">{name.clone()}</th>
            <td>{channel.kind.clone()}</td>
            <td class="sdrs-cell-target"><code>{channel.url.clone()}</code></td>
            <td>
                <span data-field="state">{state}</span>
                {reason.map(|r| view! { <span class="sdrs-channel-reason" data-field="reason">{r}</span> })}
            </td>
            <td data-field="last">{last_text}</td>
            <td data-field="counts">{counts}</td>
            <td>
                <button type="button" class="sdrs-button" data-action="test-channel" aria-label=label
                    disabled=move || refused || busy.get() aria-busy=move || busy.get().then_some("true")
                    aria-describedby=described on:click=send>
                    {move || if busy.get() { page.t(AlertKey::Sending) } else { page.t(AlertKey::SendTest) }}
                </button>
                <div data-field="test-result">{outcome}</div>
            </td>
        </tr>
    }
}
