//! Raad de peuken: the guessing jar's pure logic.

use rand::{Rng, RngExt};

/// Three answers to choose from: the real count and two plausible others, in a
/// random order. Without a keyboard a person picks one (the number pad comes later).
pub fn choices(answer: u32, rng: &mut impl Rng) -> Vec<u32> {
    let answer = answer.clamp(1, 9999);
    let round = |v: f64| -> u32 {
        let step = if v >= 100.0 { 10.0 } else { 1.0 };
        ((v / step).round() * step).clamp(1.0, 9999.0) as u32
    };
    let low = round(answer as f64 * rng.random_range(0.4..0.7));
    let high = round(answer as f64 * rng.random_range(1.4..1.9));
    let mut others: Vec<u32> = Vec::with_capacity(2);
    let near = [
        answer.saturating_sub(1),
        answer.saturating_add(1),
        answer.saturating_add(2),
    ];
    for cand in [low, high].into_iter().chain(near) {
        if (1..=9999).contains(&cand) && cand != answer && !others.contains(&cand) && others.len() < 2 {
            others.push(cand);
        }
    }
    let mut v = vec![others[0], answer, others[1]];
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
    v
}

/// How far a guess was from the count.
pub fn distance(guess: u32, answer: u32) -> u32 {
    guess.abs_diff(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn choices_hold_the_answer_and_differ() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for answer in [1, 2, 3, 10, 347, 9999] {
            let c = choices(answer, &mut rng);
            assert_eq!(c.len(), 3);
            assert!(c.contains(&answer), "{answer}: {c:?}");
            let mut d = c.clone();
            d.sort();
            d.dedup();
            assert_eq!(d.len(), 3, "{answer}: {c:?}");
            assert!(c.iter().all(|&x| (1..=9999).contains(&x)));
        }
    }

    #[test]
    fn distance_edges() {
        assert_eq!(distance(0, 9999), 9999);
        assert_eq!(distance(347, 347), 0);
        assert_eq!(distance(400, 347), 53);
    }
}
