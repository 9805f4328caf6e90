//! The bounds on what a page gives, shared by every layer: the text analysed per post, and each other
//! field of a post (base/post.rs applies them).

/// Upper bound on the text analysed per post, in bytes (cut on a char boundary): a 200 KB post is
/// read as its first 8 KB. Long posts are capped by design, not by accident.
pub const MAX_TEXT_BYTES: usize = 8 * 1024;

// Bounds on every other field a page gives, in bytes. The identity fields (`site`, `id`,
// `author.handle`) are refused beyond them, since cutting them would merge different posts or authors;
// links beyond them are dropped; the display fields are cut (on a char boundary). Together they bound a
// kept post to about 10 KB, whatever a page sends: a hostile page cannot fill the store with huge names
// (QUALITY.md, hardening).
pub const SITE: usize = 32;
pub const ID: usize = 512;
pub const URL: usize = 2048;
pub const HANDLE: usize = 256;
pub const NAME: usize = 256;
pub const LANG: usize = 16;
pub const TIME: usize = 64;
pub const SHOWN_KEYS: usize = 8;
pub const SHOWN_VALUE: usize = 32;

/// `text` cut to at most `max` bytes, on a char boundary.
pub fn cap_text(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_text_on_a_char_boundary() {
        let s = "é".repeat(10);
        assert_eq!(cap_text(&s, 5), "éé");
        assert_eq!(cap_text("abc", 10), "abc");
    }
}
