//! Response bodies: read into JavaScript memory, and copied into wasm
//! memory whole only where decoding needs every byte at once.
//!
//! Wasm memory never shrinks, so what a body costs there stays: the ~400 KB
//! of a 1000-row page, again for every page of the timeline's walk (each
//! freed copy left a hole that smaller allocations split). A page read for
//! its marks only is decoded through a small window instead.

use js_sys::{ArrayBuffer, Uint8Array};
use std::io::{self, BufReader, Read};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The window a streamed body is read through.
const WINDOW_BYTES: usize = 16 << 10;

/// A response body, still in JavaScript memory.
pub(super) struct Body(Uint8Array);

impl Body {
    /// Reads the whole body of `response`.
    pub(super) async fn read(response: &web_sys::Response) -> Result<Body, gloo_net::Error> {
        let error = |e: wasm_bindgen::JsValue| {
            let text = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the response body could not be read".to_owned());
            gloo_net::Error::GlooError(text)
        };
        let promise = response.array_buffer().map_err(error)?;
        let buffer: ArrayBuffer = JsFuture::from(promise).await.map_err(error)?.unchecked_into();
        Ok(Body::of(buffer))
    }

    /// A body read already (by `boot.js`, for the early list request).
    pub(super) fn of(buffer: ArrayBuffer) -> Body {
        Body(Uint8Array::new(&buffer))
    }

    /// The whole body, copied into wasm memory.
    pub(super) fn bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    /// The body read through a window of [`WINDOW_BYTES`].
    pub(super) fn reader(&self) -> impl Read + '_ {
        BufReader::with_capacity(
            WINDOW_BYTES,
            JsBytes {
                array: &self.0,
                at: 0,
            },
        )
    }
}

/// Reads a `Uint8Array` from JavaScript memory, a slice at a time.
struct JsBytes<'a> {
    array: &'a Uint8Array,
    at: u32,
}

impl Read for JsBytes<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let left = self.array.length().saturating_sub(self.at);
        let n = left.min(u32::try_from(out.len()).unwrap_or(u32::MAX));
        if n > 0 {
            self.array
                .subarray(self.at, self.at + n)
                .copy_to(&mut out[..n as usize]);
            self.at += n;
        }
        Ok(n as usize)
    }
}
