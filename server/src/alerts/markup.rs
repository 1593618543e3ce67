//! Escaping of the failure fields (resource name, fail reason, anything
//! SDRS sends) for each format, and byte limits cut on a character
//! boundary. A field can hold anything, so in a chat message it must stay
//! text: no link or image, no mention (`@all`, `<!channel>`, `<at
//! id=all>`), no tag, no heading or line of its own. Emphasis characters
//! are left alone: at worst they change a value's look, and identifiers
//! such as `protected_instances` must read as they are.
//!
//! The chat formats are neutralised with look-alike characters rather
//! than backslashes, because not every robot's markdown honours a
//! backslash escape, while a full-width `［` or `＠` is inert everywhere
//! and still reads the same.

/// Longest field text a message shows, in characters; the console has
/// the rest.
pub const FIELD_CHARS: usize = 300;

/// One line of plain text: control characters (new lines included)
/// become spaces, runs of spaces one, and the text is cut to
/// [`FIELD_CHARS`] characters with `…`.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(FIELD_CHARS * 4));
    let mut last_space = false;
    for c in text.trim().chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
    }
    cut_chars(out.trim_end(), FIELD_CHARS)
}

fn cut_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A URL's `scheme://` broken with an invisible word joiner, so that a
/// renderer's autolinker does not turn a field into a link.
fn break_autolinks(text: &str) -> String {
    text.replace("://", ":\u{2060}//")
}

/// A field for the markdown of DingTalk, WeCom and Feishu cards: no
/// `[` `]` (links, images), `<` `>` (tags: `<font>`, `<at>`, `<@userid>`)
/// or `@` (mentions) left, autolinks broken, one line.
pub fn chat_markdown(text: &str) -> String {
    let text = plain(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        out.push(match c {
            '[' => '［',
            ']' => '］',
            '<' => '＜',
            '>' => '＞',
            '@' => '＠',
            c => c,
        });
    }
    break_autolinks(&out)
}

/// A field for Slack's `mrkdwn`: Slack's own escapes for `& < >` (which
/// also rules out `<!channel>` and `<url|text>` links), `@` neutralised as
/// for the other chats.
pub fn slack_mrkdwn(text: &str) -> String {
    let text = plain(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push('＠'),
            c => out.push(c),
        }
    }
    break_autolinks(&out)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary; when it is cut, the end is replaced by `…` within
/// the same limit.
pub fn cut_bytes(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    const ELLIPSIS: &str = "…";
    let mut end = max.saturating_sub(ELLIPSIS.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    if max < ELLIPSIS.len() {
        return String::new();
    }
    format!("{}{ELLIPSIS}", &text[..end])
}
