//! Latin words, numbers and dates inside right-to-left text, kept whole.
//!
//! In an Arabic sentence "(Pharos, 2025)" or a date "2024-04" are runs of
//! left-to-right text; without help the Unicode bidi algorithm lets their
//! neutral characters (commas, hyphens, spaces) take the Arabic direction, so
//! "2024-04" shows as "04-2024". Each such run is wrapped in a
//! left-to-right isolate (U+2066 … U+2069), which the text shaper (parley)
//! lays out on its own and places as one piece.

use std::borrow::Cow;

/// LEFT-TO-RIGHT ISOLATE.
pub const LRI: char = '\u{2066}';
/// POP DIRECTIONAL ISOLATE.
pub const PDI: char = '\u{2069}';

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Written right to left: Arabic, Hebrew, Syriac, Thaana, N'Ko.
    Rtl,
    /// Starts or continues a left-to-right run: letters of other scripts,
    /// digits, currency signs.
    Ltr,
    /// Spaces and punctuation: they belong to a run only between its parts.
    Neutral,
}

fn kind(c: char) -> Kind {
    let u = c as u32;
    let rtl = matches!(u, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
    if rtl {
        Kind::Rtl
    } else if c.is_alphanumeric() || matches!(c, '€' | '$' | '£' | '%' | '@') {
        Kind::Ltr
    } else {
        Kind::Neutral
    }
}

/// `text` with each left-to-right run isolated, for a right-to-left
/// language. Text without right-to-left letters is one run; text without
/// left-to-right runs, or already isolated, is returned as it is.
pub fn isolate_ltr(text: &str) -> Cow<'_, str> {
    if text.contains(LRI) || !text.chars().any(|c| kind(c) == Kind::Ltr) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    // (start, end) byte offsets of the run being gathered: from its first
    // left-to-right character to its last.
    let mut run: Option<(usize, usize)> = None;
    let mut done = 0;
    for (i, c) in text.char_indices() {
        match kind(c) {
            Kind::Ltr => {
                let end = i + c.len_utf8();
                run = Some(match run {
                    Some((start, _)) => (start, end),
                    None => (i, end),
                });
            }
            Kind::Rtl => {
                if let Some((start, end)) = run.take() {
                    push_run(&mut out, text, &mut done, start, end);
                }
            }
            Kind::Neutral => {}
        }
    }
    if let Some((start, end)) = run {
        push_run(&mut out, text, &mut done, start, end);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

fn push_run(out: &mut String, text: &str, done: &mut usize, start: usize, end: usize) {
    out.push_str(&text[*done..start]);
    out.push(LRI);
    out.push_str(&text[start..end]);
    out.push(PDI);
    *done = end;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        isolate_ltr(s).replace(LRI, "<").replace(PDI, ">")
    }

    #[test]
    fn latin_numbers_and_dates_inside_arabic_are_isolated_whole() {
        assert_eq!(shown("المصدر: (Pharos, 2025)"), "المصدر: (<Pharos, 2025>)");
        assert_eq!(shown("سعر علبة (2024-04)"), "سعر علبة (<2024-04>)");
        assert_eq!(shown("€ 11,50 / 20 · سعر علبة"), "<€ 11,50 / 20> · سعر علبة");
        assert_eq!(shown("اتصل 0800-1995 مجانًا"), "اتصل <0800-1995> مجانًا");
    }

    #[test]
    fn text_of_one_direction_is_left_alone_or_one_run() {
        assert!(matches!(isolate_ltr("مرحبا بكم"), Cow::Borrowed(_)));
        assert_eq!(shown("Croes (z.d.), evaluatie."), "<Croes (z.d.), evaluatie>.");
        let once = isolate_ltr("سعر 2024-04").into_owned();
        assert_eq!(isolate_ltr(&once), once, "isolating twice changes nothing");
    }
}
