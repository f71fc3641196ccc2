//! Raad de peuken, what it costs, and myth or fact: the pure logic.
//!
//! Guesses are never kept one by one: only a count per range of 100
//! (`bucket`), and the words for how close a guess was.

use crate::content::{Cost, JarKind};

/// The biggest number the pad takes.
pub const MAX_GUESS: u32 = 9999;
/// Guesses are counted per range this wide: 0–99, 100–199, …
pub const BUCKET: u32 = 100;

/// The range a guess falls in, by its first number.
pub fn bucket(guess: u32) -> u32 {
    guess.min(MAX_GUESS) / BUCKET * BUCKET
}

/// The stored item for a guess range: `jar/300-399`.
pub fn bucket_item(jar: &str, guess: u32) -> String {
    let b = bucket(guess);
    format!("{jar}/{b}-{}", b + BUCKET - 1)
}

/// The range an item names, if it is one of this jar's: the inverse of `bucket_item`.
pub fn parse_bucket_item(jar: &str, item: &str) -> Option<u32> {
    let range = item.strip_prefix(jar)?.strip_prefix('/')?;
    let (from, to) = range.split_once('-')?;
    let from: u32 = from.parse().ok()?;
    let to: u32 = to.parse().ok()?;
    (from.is_multiple_of(BUCKET) && to == from + BUCKET - 1 && from <= MAX_GUESS).then_some(from)
}

/// How close a guess was, for the words on the reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closeness {
    Exact,
    /// Within 10 % (at least 5 off).
    VeryClose,
    /// Within 30 %.
    Close,
    Far,
}

pub fn closeness(guess: u32, answer: u32) -> Closeness {
    let off = guess.abs_diff(answer);
    let answer = answer.max(1);
    if off == 0 {
        Closeness::Exact
    } else if off * 10 <= answer || off <= 5 {
        Closeness::VeryClose
    } else if off * 10 <= answer * 3 {
        Closeness::Close
    } else {
        Closeness::Far
    }
}

/// How far a guess was from the count.
pub fn distance(guess: u32, answer: u32) -> u32 {
    guess.abs_diff(answer)
}

/// The number of butts in a jar this visit: the real count, or for a drawn
/// jar a number in its range from the visit's `roll` (0..1).
pub fn jar_count(kind: &JarKind, roll: f64) -> u32 {
    match kind {
        JarKind::Counted { count, .. } => *count,
        JarKind::Drawn { min, max } => {
            let span = (max - min) as f64 + 1.0;
            (min + (roll.clamp(0.0, 0.999_999) * span) as u32).min(*max)
        }
    }
}

/// Bars for the chart of today's guesses: `width` ranges around the answer
/// (and the guess, when it fits), each with its count. The ranges are whole
/// hundreds, starting at 0 at the lowest.
pub fn chart(counts: &[(u32, u32)], answer: u32, guess: u32, width: u32) -> Vec<(u32, u32)> {
    let width = width.max(1);
    let last = bucket(MAX_GUESS) / BUCKET;
    let (a, g) = (bucket(answer) / BUCKET, bucket(guess) / BUCKET);
    let (lo, hi) = (a.min(g), a.max(g));
    // Centre the window on the answer and the guess, or on the answer alone
    // when the guess is too far off to fit.
    let (lo, hi) = if hi - lo < width { (lo, hi) } else { (a, a) };
    let spare = width - (hi - lo + 1);
    let start = lo.saturating_sub(spare / 2).min(last + 1 - width.min(last + 1));
    (start..(start + width).min(last + 1))
        .map(|i| {
            let from = i * BUCKET;
            let n = counts.iter().filter(|(b, _)| *b == from).map(|(_, n)| *n).sum();
            (from, n)
        })
        .collect()
}

/// What smoking `per_day` cigarettes costs, in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spend {
    pub week: u64,
    pub month: u64,
    pub year: u64,
}

pub fn spend(cost: &Cost, per_day: u32) -> Spend {
    let per_day_cents = per_day as f64 * cost.pack_cents as f64 / cost.pack_size.max(1) as f64;
    let euros = |days: f64| (per_day_cents * days).round() as u64;
    Spend {
        week: euros(7.0),
        // An average month: a year's days over twelve.
        month: euros(365.0 / 12.0),
        year: euros(365.0),
    }
}

/// Whole euros with a thousands dot, Dutch style: `€ 1.234`.
pub fn euros(cents: u64) -> String {
    let whole = (cents + 50) / 100;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("€ {out}")
}

/// Euros and cents, Dutch style: `€ 11,50`.
pub fn euros_cents(cents: u64) -> String {
    format!("{},{:02}", euros(cents - cents % 100).trim_end(), cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Text;

    #[test]
    fn buckets_are_whole_hundreds_and_the_edges_hold() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(99), 0);
        assert_eq!(bucket(100), 100);
        assert_eq!(bucket(347), 300);
        assert_eq!(bucket(9999), 9900);
        assert_eq!(bucket(123_456), 9900, "capped at the pad's limit");
        assert_eq!(bucket_item("markt", 0), "markt/0-99");
        assert_eq!(bucket_item("markt", 9999), "markt/9900-9999");
        for g in [0, 99, 100, 347, 9999] {
            assert_eq!(parse_bucket_item("markt", &bucket_item("markt", g)), Some(bucket(g)));
        }
        assert_eq!(parse_bucket_item("markt", "markt/310-409"), None);
        assert_eq!(parse_bucket_item("markt", "andere/300-399"), None);
        assert_eq!(parse_bucket_item("markt", "markt"), None);
    }

    #[test]
    fn closeness_in_words() {
        assert_eq!(closeness(347, 347), Closeness::Exact);
        assert_eq!(closeness(0, 9999), Closeness::Far);
        assert_eq!(closeness(9999, 0), Closeness::Far);
        assert_eq!(closeness(0, 0), Closeness::Exact);
        assert_eq!(closeness(380, 347), Closeness::VeryClose, "33 off is within 10 %");
        assert_eq!(closeness(3, 1), Closeness::VeryClose, "a few off on a tiny jar");
        assert_eq!(closeness(440, 347), Closeness::Close);
        assert_eq!(closeness(100, 347), Closeness::Far);
        assert_eq!(distance(0, 9999), 9999);
        assert_eq!(distance(347, 347), 0);
        assert_eq!(distance(400, 347), 53);
    }

    #[test]
    fn a_drawn_jar_stays_in_its_range() {
        let kind = JarKind::Drawn { min: 150, max: 450 };
        assert_eq!(jar_count(&kind, 0.0), 150);
        assert_eq!(jar_count(&kind, 1.0), 450);
        assert_eq!(jar_count(&kind, 0.5), 300);
        let counted = JarKind::Counted {
            count: 347,
            photo: None,
        };
        assert_eq!(jar_count(&counted, 0.9), 347);
    }

    #[test]
    fn the_chart_shows_the_answer_and_the_guess() {
        let counts = [(300, 4), (400, 1), (0, 2)];
        let bars = chart(&counts, 347, 420, 7);
        assert_eq!(bars.len(), 7);
        assert!(bars.contains(&(300, 4)) && bars.contains(&(400, 1)));
        assert!(bars.windows(2).all(|w| w[1].0 == w[0].0 + 100));
        // A wild guess: the window stays on the answer.
        let bars = chart(&counts, 347, 9999, 7);
        assert!(bars.iter().any(|b| b.0 == 300));
        // At the edges the window does not run off 0 or 9999.
        assert_eq!(chart(&counts, 0, 0, 7)[0], (0, 2));
        assert_eq!(chart(&[], 9999, 9999, 7).last(), Some(&(9900, 0)));
    }

    #[test]
    fn what_smoking_costs() {
        let cost = Cost {
            pack_cents: 1150,
            pack_size: 20,
            source: Text::default(),
            date: "2024-04".into(),
            examples: Vec::new(),
        };
        let s = spend(&cost, 20);
        assert_eq!(s.week, 7 * 1150);
        assert_eq!(s.year, 365 * 1150);
        assert_eq!(spend(&cost, 0).year, 0);
        assert_eq!(euros(365 * 1150), "€ 4.198");
        assert_eq!(euros(4_00), "€ 4");
        assert_eq!(euros(0), "€ 0");
        assert_eq!(euros(123_456_789), "€ 1.234.568");
        assert_eq!(euros_cents(1150), "€ 11,50");
        assert_eq!(euros_cents(5), "€ 0,05");
    }
}
