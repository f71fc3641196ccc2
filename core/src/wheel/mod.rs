//! The babbelschijf: geometry (`sector_at_pointer`), spin physics (`spin`) and
//! drawing into a pixel buffer (`art`).
//!
//! Slint's software renderer ignores rotation transforms, so the turning wheel
//! is drawn here, in Rust, and shown as an image.

pub mod art;
pub mod spin;

use std::f32::consts::{PI, TAU};

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::*;

/// An RGBA image, row by row, not premultiplied.
#[derive(Clone, Debug, PartialEq)]
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 4]>,
}

impl Rgba {
    pub fn new(width: u32, height: u32) -> Rgba {
        Rgba {
            width,
            height,
            pixels: vec![[0, 0, 0, 0]; (width * height) as usize],
        }
    }

    pub fn get(&self, x: u32, y: u32) -> [u8; 4] {
        self.pixels[(y * self.width + x) as usize]
    }
}

impl OriginDimensions for Rgba {
    fn size(&self) -> Size {
        Size::new(self.width, self.height)
    }
}

impl DrawTarget for Rgba {
    type Color = Rgb888;
    type Error = std::convert::Infallible;

    fn draw_iter<I: IntoIterator<Item = Pixel<Rgb888>>>(&mut self, pixels: I) -> Result<(), Self::Error> {
        for Pixel(p, c) in pixels {
            if p.x >= 0 && p.y >= 0 && (p.x as u32) < self.width && (p.y as u32) < self.height {
                self.pixels[(p.y as u32 * self.width + p.x as u32) as usize] = [c.r(), c.g(), c.b(), 255];
            }
        }
        Ok(())
    }
}

/// The angle under the pointer (at the top) for a wheel turned by `rotation`
/// radians clockwise: which sector shows there.
pub fn sector_at_pointer(sectors: usize, rotation: f32) -> usize {
    if sectors == 0 {
        return 0;
    }
    let width = TAU / sectors as f32;
    // Sector i spans [i*w, (i+1)*w) clockwise from the top, before turning.
    let a = (-rotation).rem_euclid(TAU);
    ((a / width) as usize).min(sectors - 1)
}

/// The rotation that puts the middle of sector `i` under the pointer.
pub fn rotation_for(sectors: usize, i: usize) -> f32 {
    let width = TAU / sectors.max(1) as f32;
    (-(i as f32 + 0.5) * width).rem_euclid(TAU)
}

/// Degrees to radians, for readable tests and callers.
pub fn deg(d: f32) -> f32 {
    d * PI / 180.0
}

#[cfg(test)]
mod tests {
    use super::art::{Finish, Fonts, Sector, WheelArt, below_pointer, ink_for};
    use super::*;

    const COLORS: [[u8; 3]; 4] = [[200, 0, 0], [0, 200, 0], [0, 0, 200], [200, 200, 0]];

    fn art(size: u32, labels: &[&str]) -> WheelArt {
        let sectors: Vec<Sector> = COLORS
            .iter()
            .zip(labels)
            .map(|(&color, label)| Sector {
                color,
                label,
                icon: None,
            })
            .collect();
        WheelArt::new(size, &sectors, &mut Fonts::new())
    }

    /// Dark pixels (the word's ink on a light sector) in a square around
    /// (cx, cy), row by row from the top.
    fn ink_box(img: &Rgba, cx: u32, cy: u32, half: u32) -> Vec<bool> {
        let mut out = Vec::new();
        for y in cy - half..cy + half {
            for x in cx - half..cx + half {
                let p = img.get(x, y);
                out.push((p[0] as u32 + p[1] as u32 + p[2] as u32) < 300);
            }
        }
        out
    }

    #[test]
    fn at_rest_the_words_on_the_lower_half_stand_upright_too() {
        // Four light sectors with the same word: drawn upright for sector 0
        // under the pointer, the word at the bottom (sector 2) reads like the
        // one at the top, not upside down.
        let light = [250, 230, 120];
        let sectors: Vec<Sector> = (0..4)
            .map(|_| Sector {
                color: light,
                label: "Geld",
                icon: None,
            })
            .collect();
        let size = 400;
        for top in [0, 2] {
            let a = WheelArt::upright_at(size, &sectors, &mut Fonts::new(), top);
            let img = a.frame(rotation_for(4, top), Finish::Still);
            let c = size / 2;
            // The words stand at 0.72 of the radius, clear of the pointer.
            let off = (size as f32 / 2.0 * super::art::RADIUS * 0.72) as u32;
            let half = 24;
            let upper = ink_box(&img, c, c - off, half);
            let lower = ink_box(&img, c, c + off, half);
            let turned: Vec<bool> = upper.iter().rev().copied().collect();
            let differ = |a: &[bool], b: &[bool]| a.iter().zip(b).filter(|(x, y)| x != y).count();
            let inked = upper.iter().filter(|&&i| i).count();
            assert!(inked > 100, "the word is drawn ({inked} pixels)");
            let (same, upside_down) = (differ(&upper, &lower), differ(&turned, &lower));
            assert!(
                same * 4 < upside_down,
                "top {top}: the lower word matches the upper one upright ({same} pixels differ) \
                 rather than turned ({upside_down})"
            );
        }
    }

    #[test]
    fn the_sector_under_the_pointer_follows_the_rotation() {
        assert_eq!(sector_at_pointer(4, 0.0 + 0.01), 3);
        assert_eq!(sector_at_pointer(4, rotation_for(4, 0)), 0);
        for i in 0..8 {
            assert_eq!(sector_at_pointer(8, rotation_for(8, i)), i);
        }
    }

    #[test]
    fn the_drawn_colour_below_the_pointer_is_that_sector() {
        let a = art(200, &["Geld", "Stress", "Familie", "Vapen"]);
        let (x, y) = below_pointer(200);
        for (i, colour) in COLORS.iter().enumerate() {
            for finish in [Finish::Turning, Finish::Gliding, Finish::Still] {
                // Anywhere inside the sector, not only its middle.
                for within in [0.15, 0.5, 0.85] {
                    let rotation = (-(i as f32 + within) * TAU / 4.0).rem_euclid(TAU);
                    let img = a.frame(rotation, finish);
                    let px = img.get(x, y);
                    assert_eq!(&px[..3], colour, "sector {i} at {within}, {finish:?}");
                }
            }
        }
    }

    #[test]
    fn the_flat_squares_change_no_pixel_of_the_gliding_frame() {
        let labels = ["Geld", "Stress", "Familie", "مال"];
        let (quick, long) = (art(301, &labels), art(301, &labels).without_flat_squares());
        for rotation in [0.0, 0.013, 0.7, 2.0, 5.9] {
            let (a, b) = (
                quick.frame(rotation, Finish::Gliding),
                long.frame(rotation, Finish::Gliding),
            );
            assert!(
                a == b,
                "rotation {rotation}: {} pixels differ",
                a.pixels.iter().zip(&b.pixels).filter(|(p, q)| p != q).count()
            );
        }
    }

    #[test]
    fn outside_the_disc_is_transparent_and_frames_differ_when_turning() {
        let a = art(120, &["a", "b", "c", "d"]);
        let f0 = a.frame(0.0, Finish::Turning);
        let f1 = a.frame(deg(20.0), Finish::Turning);
        assert_eq!(f0.get(0, 119)[3], 0);
        assert_ne!(f0, f1);
        // A full turn is the same picture.
        assert_eq!(
            a.frame(deg(30.0), Finish::Still),
            a.frame(deg(30.0) + TAU, Finish::Still)
        );
    }

    #[test]
    fn words_are_drawn_on_the_sectors() {
        let plain = art(300, &["", "", "", ""]);
        let words = art(300, &["Geld", "Stress", "Familie", "مال"]);
        let differs = |a: &Rgba, b: &Rgba| a.pixels.iter().zip(&b.pixels).filter(|(p, q)| p != q).count();
        let (p, w) = (plain.frame(0.0, Finish::Still), words.frame(0.0, Finish::Still));
        assert!(differs(&p, &w) > 300, "text pixels: {}", differs(&p, &w));
        // The Arabic word in the last sector is drawn too (its quarter differs).
        let quarter = |img: &Rgba| -> Vec<[u8; 4]> {
            (0..150u32)
                .flat_map(|y| (0..150u32).map(move |x| (x, y)))
                .map(|(x, y)| img.get(x, y))
                .collect()
        };
        assert_ne!(quarter(&p), quarter(&w));
    }

    #[test]
    fn the_opaque_frame_lies_on_the_backdrop_and_turning_frames_match_the_still_one() {
        let a = art(240, &["Geld", "Stress", "Familie", "Vapen"]);
        let backdrop = [250, 247, 240];
        let mut turning = vec![0u8; 240 * 240 * 3];
        let mut still = vec![0u8; 240 * 240 * 3];
        for rotation in [0.0, deg(33.0), deg(200.0)] {
            a.frame_on(rotation, Finish::Turning, backdrop, &mut turning);
            a.frame_on(rotation, Finish::Still, backdrop, &mut still);
            assert_eq!(&turning[..3], &backdrop, "a corner shows what the wheel stands on");
            // The below-the-pointer pixel is the sector colour in both.
            let (x, y) = below_pointer(240);
            let at = |f: &[u8]| f[(y * 240 + x) as usize * 3..][..3].to_vec();
            assert_eq!(at(&turning), at(&still));
            // The one-byte-a-pixel turning frame differs from the exact one
            // at edges (one sample against four): 95 % of pixels are close.
            let close = turning
                .chunks_exact(3)
                .zip(still.chunks_exact(3))
                .filter(|(p, q)| p.iter().zip(q.iter()).all(|(a, b)| a.abs_diff(*b) <= 24))
                .count();
            assert!(close * 100 >= 240 * 240 * 95, "{close} of {} pixels close", 240 * 240);
        }
    }

    #[test]
    fn ink_keeps_contrast() {
        assert_eq!(ink_for([255, 255, 255]), [29, 40, 48]);
        assert_eq!(ink_for([212, 162, 31]), [29, 40, 48], "dark ink on the yellow");
        assert_eq!(ink_for([63, 127, 159]), [255, 255, 255]);
    }
}
