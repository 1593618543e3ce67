//! Views whose code comes from a separate wasm chunk, loaded on first use.
//!
//! With the `split` feature, [`chunk_fn!`] marks a split point: the build
//! (scripts/wasm-split-step) cuts the function and everything only it
//! reaches out of the first module into a chunk beside it, fetched on the
//! first call. Without the feature (the browser tests, a plain
//! `cargo build`) the same functions are ordinary calls, so nothing needs
//! the split build to run.
//!
//! A chunk that cannot be loaded is not fatal: [`chunk_slot`] says so where
//! the view was to appear, with a retry, and the rest of the panel keeps
//! working (the loader does not remember failures, so a retry fetches
//! again).

mod prefetch;

pub(crate) use prefetch::prefetch_when_idle;

use crate::i18n::{Key, Locale};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A chunk that could not be fetched or instantiated (the loader logs the
/// cause in the browser console).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// What calling a [`chunk_fn!`] function gives: the view once its chunk is
/// there.
pub(crate) type ChunkLoad = Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>;

/// Work that draws nothing, as a [`chunk_fn!`] function returns it: a
/// future whose code lives in the chunk with the function's.
pub(crate) type ChunkTask<T> = Pin<Box<dyn Future<Output = T>>>;

/// Loads the chunk of a [`chunk_fn!`] task (`load` is the call) and runs
/// the task: its output, or the chunk's failure to load.
pub(crate) async fn run_in_chunk<T>(
    load: impl Future<Output = Result<ChunkTask<T>, ChunkError>>,
) -> Result<T, ChunkError> {
    Ok(load.await?.await)
}

/// `chunk NAME, preload PRELOAD; fn f(args) -> T { body }` declares
/// `async fn f(args) -> Result<T, ChunkError>`, whose body lives in the
/// chunk NAME, and `async fn PRELOAD() -> Result<(), SplitLoaderError>`,
/// which loads that chunk without calling anything. The arguments cross
/// into the chunk by value. `T` is a view (`AnyView`) or, for work that is
/// not drawn, a [`ChunkTask`] (run with [`run_in_chunk`]).
macro_rules! chunk_fn {
    (
        chunk $chunk:ident, preload $preload:ident;
        $(#[$attr:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::chunks::ChunkError> {
            ::core::result::Result::Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$attr])*
        $vis async fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::chunks::ChunkError> {
            ::core::result::Result::Ok($body)
        }

        /// Loads the chunk ahead of its first use (nothing to load in a
        /// build without `split`). Not every chunk is prefetched.
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $preload() -> ::core::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
            ::core::result::Result::Ok(())
        }
    };
}
pub(crate) use chunk_fn;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SlotState {
    Loading,
    Ready,
    Failed,
}

/// The view `load` brings, once its chunk is loaded: until then a status
/// line; if the chunk cannot be loaded, an alert with Retry (and Dismiss
/// when `dismiss` is given). A chunk already loaded (or a build without
/// `split`) gives its view at once, with no status line in between.
pub(crate) fn chunk_slot(
    load: impl Fn() -> ChunkLoad + 'static,
    locale: Signal<Locale>,
    dismiss: Option<Callback<()>>,
) -> AnyView {
    // One body for every chunk: a generic one is repeated per call site in
    // the first module.
    loaded_slot(Box::new(load), locale, dismiss)
}

fn loaded_slot(
    load: Box<dyn Fn() -> ChunkLoad>,
    locale: Signal<Locale>,
    dismiss: Option<Callback<()>>,
) -> AnyView {
    // Arena-held: closures given to the view must be `Send`.
    let load = StoredValue::new_local(load);
    let loaded = StoredValue::new_local(None::<AnyView>);
    let state = RwSignal::new(SlotState::Loading);
    let settle = move |result: Result<AnyView, ChunkError>| match result {
        Ok(view) => {
            loaded.try_set_value(Some(view));
            // The slot may be gone by now (the view was left).
            state.try_set(SlotState::Ready);
        }
        Err(ChunkError) => {
            state.try_set(SlotState::Failed);
        }
    };
    // The view is made under the slot's owner, also when Retry (an event
    // handler, no owner) starts the load: its effects end with the slot.
    let owner = StoredValue::new_local(Owner::current());
    let attempt = move || {
        let run = move || {
            let Some(mut pending) = load.try_with_value(|load| load()) else {
                return;
            };
            // One poll here: a loaded chunk answers at once, so the view is
            // there in the same render; otherwise the load goes on in a task,
            // dropped if the slot goes first (so no view is made for nothing).
            match pending.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                Poll::Ready(result) => settle(result),
                Poll::Pending => {
                    state.try_set(SlotState::Loading);
                    untrack(|| spawn_local_scoped_with_cancellation(async move { settle(pending.await) }));
                }
            }
        };
        match owner.try_get_value().flatten() {
            Some(owner) => owner.with(run),
            None => run(),
        }
    };
    attempt();

    (move || match state.get() {
        SlotState::Loading => view! {
            <p class="sdrs-status sdrs-chunk-loading" role="status">{move || Key::Loading.text(locale.get())}</p>
        }
        .into_any(),
        SlotState::Ready => loaded.try_update_value(Option::take).flatten().unwrap_or_else(|| ().into_any()),
        SlotState::Failed => view! {
            <div class="sdrs-error sdrs-chunk-error" role="alert">
                <p>{move || Key::ChunkFailed.text(locale.get())}</p>
                <p class="sdrs-actions">
                    <button type="button" class="sdrs-button" data-action="retry-chunk" on:click=move |_| attempt()>
                        {move || Key::Retry.text(locale.get())}
                    </button>
                    {dismiss.map(|dismiss| view! {
                        <button type="button" class="sdrs-button" on:click=move |_| dismiss.run(())>
                            {move || Key::Dismiss.text(locale.get())}
                        </button>
                    })}
                </p>
            </div>
        }
        .into_any(),
    })
    .into_any()
}
