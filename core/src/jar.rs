//! The drawn jar: a glass jar with N cigarette butts, piled up from the bottom
//! as they lie in a real jar, drawn with embedded-graphics at twice the size
//! and scaled down for smooth edges. The same seed gives the same picture.

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::{Line, PrimitiveStyle, Rectangle, RoundedRectangle};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::wheel::Rgba;

/// One butt as drawn (in output pixels): its two ends and thickness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Butt {
    /// The filter end and the burnt end.
    pub filter: (f32, f32),
    pub tip: (f32, f32),
    pub width: f32,
}

pub struct JarPicture {
    pub image: Rgba,
    /// Every butt drawn, bottom of the pile first.
    pub butts: Vec<Butt>,
    /// The inside of the glass, (x0, y0, x1, y1) in output pixels.
    pub inside: (f32, f32, f32, f32),
}

const GLASS: Rgb888 = Rgb888::new(0xe4, 0xee, 0xf0);
const GLASS_EDGE: Rgb888 = Rgb888::new(0x8f, 0xa7, 0xae);
const SHINE: Rgb888 = Rgb888::new(0xfb, 0xfd, 0xfd);
const LID: Rgb888 = Rgb888::new(0x7d, 0x6d, 0x5c);
const OUTLINE: Rgb888 = Rgb888::new(0xa8, 0x98, 0x86);
const ASH: Rgb888 = Rgb888::new(0x5e, 0x58, 0x54);
const FILTERS: [Rgb888; 4] = [
    Rgb888::new(0xd9, 0x8c, 0x3a),
    Rgb888::new(0xe3, 0xa5, 0x58),
    Rgb888::new(0xc7, 0x7b, 0x30),
    Rgb888::new(0xef, 0xe7, 0xd6),
];
const PAPERS: [Rgb888; 3] = [
    Rgb888::new(0xf4, 0xf1, 0xea),
    Rgb888::new(0xe9, 0xe3, 0xd6),
    Rgb888::new(0xdc, 0xd5, 0xc8),
];

/// Draws a jar of `width` x `height` pixels holding `count` butts.
pub fn draw(width: u32, height: u32, count: u32, seed: u64) -> JarPicture {
    let (width, height) = (width.clamp(40, 2000), height.clamp(40, 2000));
    let (w2, h2) = (width * 2, height * 2);
    let mut big = Rgba::new(w2, h2);
    let (w, h) = (w2 as f32, h2 as f32);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // The glass body, its neck and the lid.
    let glass = 0.03 * w;
    let body = (0.1 * w, 0.17 * h, 0.9 * w, 0.97 * h);
    let corner = Size::new((0.14 * w) as u32, (0.14 * w) as u32);
    let body_rect = Rectangle::with_corners(
        Point::new(body.0 as i32, body.1 as i32),
        Point::new(body.2 as i32, body.3 as i32),
    );
    let _ = RoundedRectangle::with_equal_corners(body_rect, corner)
        .into_styled(PrimitiveStyle::with_fill(GLASS_EDGE))
        .draw(&mut big);
    let inner = (body.0 + glass, body.1 + glass, body.2 - glass, body.3 - glass);
    let inner_rect = Rectangle::with_corners(
        Point::new(inner.0 as i32, inner.1 as i32),
        Point::new(inner.2 as i32, inner.3 as i32),
    );
    let inner_corner = Size::new(
        corner.width.saturating_sub(glass as u32),
        corner.height.saturating_sub(glass as u32),
    );
    let _ = RoundedRectangle::with_equal_corners(inner_rect, inner_corner)
        .into_styled(PrimitiveStyle::with_fill(GLASS))
        .draw(&mut big);

    // The butts, piled up from the bottom: each lands on what lies below it.
    let butts = pile(count, inner, &mut rng);
    for b in &butts {
        draw_butt(&mut big, b, &mut rng);
    }

    // The glass in front: a shine on the left, the neck and the lid.
    let shine_w = (0.025 * w).max(2.0) as u32;
    let _ = Line::new(
        Point::new((inner.0 + 0.06 * w) as i32, (inner.1 + 0.1 * h) as i32),
        Point::new((inner.0 + 0.06 * w) as i32, (inner.3 - 0.12 * h) as i32),
    )
    .into_styled(PrimitiveStyle::with_stroke(SHINE, shine_w))
    .draw(&mut big);
    let neck = Rectangle::with_corners(
        Point::new((0.2 * w) as i32, (0.11 * h) as i32),
        Point::new((0.8 * w) as i32, (0.18 * h) as i32),
    );
    let _ = neck.into_styled(PrimitiveStyle::with_fill(GLASS_EDGE)).draw(&mut big);
    let lid = Rectangle::with_corners(
        Point::new((0.16 * w) as i32, (0.02 * h) as i32),
        Point::new((0.84 * w) as i32, (0.12 * h) as i32),
    );
    let _ = RoundedRectangle::with_equal_corners(lid, Size::new((0.03 * w) as u32, (0.03 * w) as u32))
        .into_styled(PrimitiveStyle::with_fill(LID))
        .draw(&mut big);

    let half = |(x, y): (f32, f32)| (x / 2.0, y / 2.0);
    JarPicture {
        image: halve(&big),
        butts: butts
            .iter()
            .map(|b| Butt {
                filter: half(b.filter),
                tip: half(b.tip),
                width: b.width / 2.0,
            })
            .collect(),
        inside: (inner.0 / 2.0, inner.1 / 2.0, inner.2 / 2.0, inner.3 / 2.0),
    }
}

/// Places `count` butts in the jar's inside, in layers from the bottom up,
/// mostly lying and overlapping a little, as they settle in a real jar. Their
/// size follows the count: a jar of 400 is filled with smaller butts than a
/// jar of 40, and a small count makes a low pile.
fn pile(count: u32, inner: (f32, f32, f32, f32), rng: &mut impl Rng) -> Vec<Butt> {
    let (x0, y0, x1, y1) = inner;
    let (iw, ih) = (x1 - x0, y1 - y0);
    const ASPECT: f32 = 0.27;
    let count = count.max(1);
    // The biggest butt for which the pile stays under 85 % of the jar.
    let layout = |length: f32| {
        let width = (length * ASPECT).max(3.0);
        let per_row = ((iw - width) / (length * 0.8)).floor().max(1.0);
        let rows = (count as f32 / per_row).ceil();
        let pitch = width * 0.8;
        (width, per_row as u32, pitch, rows * pitch + width)
    };
    let mut length = iw * 0.3;
    while length > 8.0 && layout(length).3 > ih * 0.85 {
        length *= 0.97;
    }
    let (width, per_row, pitch, _) = layout(length);
    let mut butts = Vec::with_capacity(count as usize);
    let mut left = count;
    let mut row = 0u32;
    while left > 0 {
        let here = left.min(per_row);
        // A full row spreads over the width; the last, partial one lands
        // anywhere, so the top of the pile is uneven.
        let slot = (iw - width) / here as f32;
        let mut order: Vec<u32> = (0..here).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        for i in order {
            let angle: f32 = if rng.random_bool(0.85) {
                rng.random_range(-0.35..0.35)
            } else {
                rng.random_range(-1.0..1.0)
            };
            let (dx, dy) = (angle.cos() * length / 2.0, angle.sin() * length / 2.0);
            let reach = dx.abs() + width / 2.0;
            let cx = (x0 + width / 2.0 + slot * (i as f32 + rng.random_range(0.2..0.8)))
                .clamp(x0 + reach, (x1 - reach).max(x0 + reach));
            let cy = y1 - width / 2.0 - dy.abs() - row as f32 * pitch - rng.random_range(0.0..pitch * 0.5);
            let cy = cy.max(y0 + dy.abs() + width / 2.0);
            let (p, q) = ((cx - dx, cy - dy), (cx + dx, cy + dy));
            let (filter, tip) = if rng.random_bool(0.5) { (p, q) } else { (q, p) };
            butts.push(Butt { filter, tip, width });
        }
        left -= here;
        row += 1;
    }
    butts
}

fn draw_butt(img: &mut Rgba, b: &Butt, rng: &mut impl Rng) {
    let at = |(x, y): (f32, f32)| Point::new(x.round() as i32, y.round() as i32);
    let lerp = |t: f32| {
        (
            b.filter.0 + (b.tip.0 - b.filter.0) * t,
            b.filter.1 + (b.tip.1 - b.filter.1) * t,
        )
    };
    let w = b.width.round().max(2.0) as u32;
    let filter = FILTERS[rng.random_range(0..FILTERS.len())];
    let paper = PAPERS[rng.random_range(0..PAPERS.len())];
    // Smoked down to different lengths.
    let smoked = rng.random_range(0.55..1.0);
    let end = lerp(smoked);
    let _ = Line::new(at(b.filter), at(end))
        .into_styled(PrimitiveStyle::with_stroke(OUTLINE, w + 2))
        .draw(img);
    let _ = Line::new(at(lerp(0.36)), at(end))
        .into_styled(PrimitiveStyle::with_stroke(paper, w))
        .draw(img);
    let _ = Line::new(at(b.filter), at(lerp(0.38)))
        .into_styled(PrimitiveStyle::with_stroke(filter, w))
        .draw(img);
    let _ = Line::new(at(lerp(smoked - 0.06)), at(end))
        .into_styled(PrimitiveStyle::with_stroke(ASH, w))
        .draw(img);
}

/// Half the size, each pixel the average of four (weighted by cover).
fn halve(big: &Rgba) -> Rgba {
    let (w, h) = (big.width / 2, big.height / 2);
    let mut out = Rgba::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 4];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = big.get(x * 2 + dx, y * 2 + dy);
                for k in 0..3 {
                    sum[k] += p[k] as u32 * p[3] as u32;
                }
                sum[3] += p[3] as u32;
            }
            let cover = sum[3];
            let channel = |v: u32| v.checked_div(cover).unwrap_or(0) as u8;
            out.pixels[(y * w + x) as usize] = [channel(sum[0]), channel(sum[1]), channel(sum[2]), (cover / 4) as u8];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_filter(p: [u8; 4]) -> bool {
        p[3] == 255 && FILTERS[..3].iter().any(|f| p[..3] == [f.r(), f.g(), f.b()])
    }

    #[test]
    fn every_butt_is_drawn_inside_the_glass() {
        for count in [1, 150, 420] {
            let jar = draw(300, 400, count, 7);
            assert_eq!(jar.butts.len(), count as usize);
            let (x0, y0, x1, y1) = jar.inside;
            for b in &jar.butts {
                for (x, y) in [b.filter, b.tip] {
                    assert!(
                        x >= x0 - 1.0 && x <= x1 + 1.0 && y >= y0 - 1.0 && y <= y1 + 1.0,
                        "{b:?}"
                    );
                }
            }
            // The filters show: orange pixels, more of them in a fuller jar.
            let orange = jar.image.pixels.iter().filter(|p| is_filter(**p)).count();
            assert!(orange > 20, "{count}: {orange}");
        }
    }

    #[test]
    fn more_butts_fill_the_jar_higher_or_smaller_not_as_confetti() {
        let few = draw(300, 400, 40, 1);
        let many = draw(300, 400, 400, 1);
        // Few: big butts, a low pile. Many: smaller butts, a higher pile.
        assert!(few.butts[0].width > many.butts[0].width);
        let highest = |j: &JarPicture| j.butts.iter().map(|b| b.filter.1.min(b.tip.1)).fold(f32::MAX, f32::min);
        assert!(highest(&few) > highest(&many), "the pile of 400 is higher");
        // Lying in a pile: most butts are closer to lying than standing.
        let lying = many
            .butts
            .iter()
            .filter(|b| (b.tip.1 - b.filter.1).abs() < (b.tip.0 - b.filter.0).abs())
            .count();
        assert!(lying * 10 > many.butts.len() * 6, "{lying}");
    }

    #[test]
    fn the_same_seed_draws_the_same_jar_and_another_seed_another() {
        assert_eq!(draw(120, 160, 200, 3).image, draw(120, 160, 200, 3).image);
        assert_ne!(draw(120, 160, 200, 3).image, draw(120, 160, 200, 4).image);
    }
}
