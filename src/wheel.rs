//! The babbelschijf: geometry and drawing into an RGBA pixel buffer.
//!
//! Slint's software renderer ignores rotation transforms, so the turning wheel
//! is drawn here, in Rust, and shown as an image. Sectors are coloured per
//! pixel from a cached table of angles; the fixed pointer and the hub are drawn
//! with embedded-graphics.

use std::f32::consts::{PI, TAU};

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::{Circle, PrimitiveStyle, PrimitiveStyleBuilder, Triangle};

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

/// Draws the wheel, reusing the angle table across frames of the same size.
pub struct WheelPainter {
    size: u32,
    /// Per pixel: clockwise angle from the top, and distance from the centre.
    polar: Vec<(f32, f32)>,
}

impl WheelPainter {
    pub fn new(size: u32) -> WheelPainter {
        let size = size.clamp(16, 4096);
        let c = size as f32 / 2.0;
        let mut polar = Vec::with_capacity((size * size) as usize);
        for y in 0..size {
            for x in 0..size {
                let dx = x as f32 + 0.5 - c;
                let dy = y as f32 + 0.5 - c;
                // Clockwise from 12 o'clock.
                let angle = dx.atan2(-dy).rem_euclid(TAU);
                polar.push((angle, (dx * dx + dy * dy).sqrt()));
            }
        }
        WheelPainter { size, polar }
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    /// One frame of the wheel turned by `rotation` radians clockwise.
    pub fn draw(&self, colors: &[[u8; 3]], rotation: f32) -> Rgba {
        let mut img = Rgba::new(self.size, self.size);
        let n = colors.len().max(1);
        let width = TAU / n as f32;
        let radius = self.size as f32 / 2.0 - self.size as f32 * 0.06;
        for (px, &(angle, dist)) in img.pixels.iter_mut().zip(&self.polar) {
            if dist > radius + 1.0 {
                continue;
            }
            let a = (angle - rotation).rem_euclid(TAU);
            let sector = ((a / width) as usize).min(n - 1);
            let [r, g, b] = colors.get(sector).copied().unwrap_or([128, 128, 128]);
            // A thin light line between sectors, about 2 px wide whatever the size.
            let from_edge = (a - sector as f32 * width).min((sector + 1) as f32 * width - a) * dist;
            let line = (1.5 - from_edge).clamp(0.0, 1.0);
            let mix = |c: u8| (c as f32 * (1.0 - line) + 250.0 * line) as u8;
            // Smooth rim: coverage of the pixel by the disc.
            let cover = (radius + 0.5 - dist).clamp(0.0, 1.0);
            *px = [mix(r), mix(g), mix(b), (cover * 255.0) as u8];
        }
        self.draw_hub_and_pointer(&mut img, radius);
        img
    }

    fn draw_hub_and_pointer(&self, img: &mut Rgba, radius: f32) {
        let s = self.size as i32;
        let c = s / 2;
        let hub = (radius * 0.16) as u32;
        let style = PrimitiveStyleBuilder::new()
            .fill_color(Rgb888::new(250, 247, 240))
            .stroke_color(Rgb888::new(29, 40, 48))
            .stroke_width((s / 80).max(2) as u32)
            .build();
        let _ = Circle::with_center(Point::new(c, c), hub * 2)
            .into_styled(style)
            .draw(img);
        // The fixed pointer at the top, pointing down into the wheel.
        let half = (s as f32 * 0.055) as i32;
        let tip = (s as f32 * 0.06 + radius * 0.08) as i32;
        let pointer = Triangle::new(Point::new(c - half, 0), Point::new(c + half, 0), Point::new(c, tip));
        let _ = pointer
            .into_styled(PrimitiveStyle::with_fill(Rgb888::new(29, 40, 48)))
            .draw(img);
    }
}

/// Degrees to radians, for readable tests and callers.
pub fn deg(d: f32) -> f32 {
    d * PI / 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLORS: [[u8; 3]; 4] = [[200, 0, 0], [0, 200, 0], [0, 0, 200], [200, 200, 0]];

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
        let p = WheelPainter::new(200);
        for (i, colour) in COLORS.iter().enumerate() {
            let img = p.draw(&COLORS, rotation_for(4, i));
            // Just below the pointer's tip, on the vertical axis.
            let px = img.get(100, 60);
            assert_eq!(&px[..3], colour, "sector {i}");
        }
    }

    #[test]
    fn outside_the_disc_is_transparent_and_frames_differ_when_turning() {
        let p = WheelPainter::new(120);
        let a = p.draw(&COLORS, 0.0);
        let b = p.draw(&COLORS, deg(20.0));
        assert_eq!(a.get(0, 119)[3], 0);
        assert_ne!(a, b);
    }
}
