//! The wheel's picture: sectors, icons and words drawn once, at twice the
//! screen resolution, into a disc; each frame turns that disc into a pixel
//! buffer. Turning a finished picture costs a few operations a pixel, so a
//! spin stays smooth on a slow core, and at rest the 2x2 samples of every
//! pixel give smooth edges.
//!
//! Sectors, icons and words are drawn with tiny-skia (anti-aliased paths; the
//! same rasteriser Slint uses for SVG), words laid out with parley (the text
//! engine inside Slint: shaping, Arabic, right to left) from the Noto fonts
//! shipped in `media/fonts`. The fixed pointer and hub are drawn with
//! embedded-graphics.

use std::collections::HashMap;
use std::f32::consts::TAU;

use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::{Circle, PrimitiveStyle, PrimitiveStyleBuilder, Triangle};
use parley::fontique::Blob;
use parley::{Alignment, AlignmentOptions, FontContext, FontFamily, FontWeight, LayoutContext, PositionedLayoutItem};
use resvg::tiny_skia::{self, FillRule, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke, Transform};
use resvg::usvg;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};

use super::Rgba;

/// The wheel's words, bold: Noto Sans (Latin, Cyrillic, Greek) and Noto Sans Arabic.
pub const LATIN_BOLD: &[u8] = include_bytes!("../../../media/fonts/NotoSans-Bold.ttf");
pub const ARABIC_BOLD: &[u8] = include_bytes!("../../../media/fonts/NotoSansArabic-Bold.ttf");

/// The disc's radius as a part of half the image: room for the pointer.
pub const RADIUS: f32 = 0.91;
/// How far the pointer reaches into the disc, as a part of its radius.
const POINTER: f32 = 0.1;
/// Ink for the rim, the hub's edge and the pointer.
const INK: [u8; 3] = [29, 40, 48];
const LIGHT: [u8; 3] = [250, 247, 240];

/// A topic's icon, ready to draw: its shape is drawn in the sector's ink.
pub enum Icon {
    Svg(Box<usvg::Tree>),
    Raster(Pixmap),
}

impl Icon {
    /// From a file's bytes: SVG by its name, otherwise PNG or JPEG.
    pub fn load(name: &str, bytes: &[u8]) -> Result<Icon, String> {
        if name.to_ascii_lowercase().ends_with(".svg") {
            return Icon::from_svg(bytes);
        }
        let rgba = crate::picture::decode(bytes).map_err(|e| e.to_string())?;
        Icon::from_rgba(rgba.width(), rgba.height(), rgba.as_raw())
    }

    pub fn from_svg(data: &[u8]) -> Result<Icon, String> {
        usvg::Tree::from_data(data, &usvg::Options::default())
            .map(|t| Icon::Svg(Box::new(t)))
            .map_err(|e| e.to_string())
    }

    /// From straight (not premultiplied) RGBA pixels.
    pub fn from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Icon, String> {
        let size = tiny_skia::IntSize::from_wh(width, height).ok_or("leeg plaatje")?;
        let mut data = rgba.to_vec();
        for px in data.chunks_exact_mut(4) {
            let a = px[3] as u32;
            for c in &mut px[..3] {
                *c = (*c as u32 * a / 255) as u8;
            }
        }
        Pixmap::from_vec(data, size)
            .map(Icon::Raster)
            .ok_or_else(|| "ongeldig plaatje".to_string())
    }

    fn size(&self) -> (f32, f32) {
        match self {
            Icon::Svg(t) => (t.size().width(), t.size().height()),
            Icon::Raster(p) => (p.width() as f32, p.height() as f32),
        }
    }
}

/// What one sector shows.
pub struct Sector<'a> {
    pub color: [u8; 3],
    pub label: &'a str,
    pub icon: Option<&'a Icon>,
}

/// The fonts for the words on the wheel, loaded once.
pub struct Fonts {
    fonts: FontContext,
    layout: LayoutContext<()>,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts::new()
    }
}

impl Fonts {
    pub fn new() -> Fonts {
        let mut fonts = FontContext::default();
        for data in [LATIN_BOLD, ARABIC_BOLD] {
            fonts
                .collection
                .register_fonts(Blob::new(std::sync::Arc::new(data)), None);
        }
        Fonts {
            fonts,
            layout: LayoutContext::new(),
        }
    }
}

/// A finished wheel picture for one size and one set of sectors.
/// How carefully a frame is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finish {
    /// One sample a pixel: a fast turn, where motion hides the steps.
    Turning,
    /// Four samples a pixel from the 1x disc: soft edges for a slow turn.
    Gliding,
    /// Four samples a pixel from the 2x disc: the exact picture at rest.
    Still,
}

pub struct WheelArt {
    size: u32,
    /// The disc at twice the size, premultiplied RGBA: sampled four times a
    /// pixel for the still frames.
    disc: Tiled<[u8; 4]>,
    /// The same disc at the image's own size (2x2 averages) as indices into
    /// `palette`: one byte a pixel while turning, small enough to stay in the
    /// cache. The rare colours that miss the palette (edges, blends) take the
    /// nearest one; motion hides that, and the still frame is exact.
    small: Tiled<u8>,
    palette: [[u8; 4]; 256],
    /// Per tile of `small`: the palette index that the whole tile and the
    /// pixels around it share, or `MIXED`. Most of a disc is flat sector
    /// colour, and there four samples of one colour are that colour: the
    /// gliding frame writes it at once (the same picture, a fraction of the work).
    flat: Vec<u8>,
    /// Pointer and hub: (pixel index, premultiplied colour), only where they cover.
    overlay: Vec<(u32, [u8; 4])>,
}

impl WheelArt {
    /// Draws the picture for an image of `size` x `size` pixels, its words
    /// upright with the first sector under the pointer.
    pub fn new(size: u32, sectors: &[Sector<'_>], fonts: &mut Fonts) -> WheelArt {
        WheelArt::upright_at(size, sectors, fonts, 0)
    }

    /// Draws the picture with its words upright (icon and word turned half
    /// a turn on the lower half) when sector `top` is under the pointer: a
    /// wheel at rest reads without turning your head.
    pub fn upright_at(size: u32, sectors: &[Sector<'_>], fonts: &mut Fonts, top: usize) -> WheelArt {
        let size = size.clamp(16, 4096);
        let big = size * 2;
        let mut pixmap = Pixmap::new(big, big).unwrap_or_else(unreachable_pixmap);
        draw_disc(&mut pixmap, sectors, fonts, top);
        let disc: Vec<[u8; 4]> = pixmap
            .data()
            .chunks_exact(4)
            .map(|p| [p[0], p[1], p[2], p[3]])
            .collect();
        let (indices, palette) = to_palette(&halve(&disc, size as usize));
        let small = Tiled::new(indices, size as usize);
        WheelArt {
            size,
            disc: Tiled::new(disc, big as usize),
            flat: small.flat_tiles(),
            small,
            palette,
            overlay: overlay(size),
        }
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    /// The same art drawing every gliding pixel the long way, four samples
    /// each: what the flat squares must not change.
    #[cfg(test)]
    pub(crate) fn without_flat_squares(mut self) -> WheelArt {
        self.flat.fill(MIXED);
        self
    }

    /// One frame turned by `rotation` radians clockwise into `out`:
    /// premultiplied RGBA bytes, `size` x `size`.
    pub fn frame_into(&self, rotation: f32, finish: Finish, out: &mut [u8]) {
        self.render::<4>(rotation, finish, [0; 3], out);
    }

    /// The same frame laid on an opaque `backdrop` (the colour the wheel
    /// stands on), as RGB bytes: the screen copies it without blending.
    pub fn frame_on(&self, rotation: f32, finish: Finish, backdrop: [u8; 3], out: &mut [u8]) {
        self.render::<3>(rotation, finish, backdrop, out);
    }

    fn render<const BPP: usize>(&self, rotation: f32, finish: Finish, backdrop: [u8; 3], out: &mut [u8]) {
        let s = self.size as usize;
        if out.len() < s * s * BPP {
            return;
        }
        let outside: [u8; BPP] = std::array::from_fn(|k| backdrop.get(k).copied().unwrap_or(0));
        let c = s as f32 / 2.0;
        let radius = c * RADIUS + 1.0;
        let (sin, cos) = if rotation.is_finite() {
            rotation.sin_cos()
        } else {
            (0.0, 1.0)
        };
        // Positions in the source are 16.16 fixed point: no float conversion
        // per pixel. The exact finish reads the 2x disc, the others the 1x one.
        let scale = if finish == Finish::Still { 2.0 } else { 1.0 };
        let fixed = |v: f32| (v * scale * 65536.0) as i32;
        let (step_x, step_y) = (fixed(cos), fixed(sin));
        // Four samples a quarter pixel around the centre, turned with the disc.
        let (qc, qs) = (cos / 4.0, sin / 4.0);
        let offsets = [
            (-qc - qs, -qc + qs),
            (qc - qs, -qc - qs),
            (-qc + qs, qc + qs),
            (qc + qs, qc - qs),
        ]
        .map(|(x, y)| (fixed(x), fixed(y)));
        for (y, row) in out.chunks_exact_mut(s * BPP).take(s).enumerate() {
            let dy = y as f32 + 0.5 - c;
            let half = (radius * radius - dy * dy).max(0.0).sqrt();
            let x0 = ((c - half).floor().max(0.0)) as usize;
            let x1 = ((c + half).ceil() as usize).clamp(x0, s);
            let (left, rest) = row.split_at_mut(x0 * BPP);
            let (span, right) = rest.split_at_mut((x1 - x0) * BPP);
            for px in left.chunks_exact_mut(BPP).chain(right.chunks_exact_mut(BPP)) {
                px.copy_from_slice(&outside);
            }
            // Where the span's first pixel comes from in the disc; each step
            // right moves the source by (cos, -sin).
            let dx = x0 as f32 + 0.5 - c;
            let start = (fixed(dx * cos + dy * sin + c), fixed(dy * cos - dx * sin + c));
            let step = (step_x, step_y);
            match finish {
                Finish::Turning => self.turning_span::<BPP>(span, start, step, backdrop),
                Finish::Gliding => self.gliding_span::<BPP>(span, start, step, offsets, backdrop),
                Finish::Still => {
                    four_samples::<BPP>(span, start, step, offsets, backdrop, |x, y| self.disc.at_fixed(x, y))
                }
            }
        }
        // Pointer and hub on top.
        for &(i, o) in &self.overlay {
            let i = i as usize * BPP;
            let Some(px) = out.get_mut(i..i + BPP) else { continue };
            let keep = 255 - o[3] as u32;
            for (k, v) in px.iter_mut().enumerate() {
                *v = (o[k] as u32 + (*v as u32 * keep + 127) / 255).min(255) as u8;
            }
        }
    }

    /// One sample a pixel along a row (each way of drawing a row is a
    /// function of its own, so that each is compiled for its own loop).
    #[inline(never)]
    fn turning_span<const BPP: usize>(&self, span: &mut [u8], start: (i32, i32), step: (i32, i32), backdrop: [u8; 3]) {
        let ((mut fx, mut fy), (step_x, step_y)) = (start, step);
        for px in span.chunks_exact_mut(BPP) {
            put(px, self.palette[self.small.at_fixed(fx, fy) as usize], backdrop);
            fx = fx.wrapping_add(step_x);
            fy = fy.wrapping_sub(step_y);
        }
    }

    /// Four samples a pixel along a row from the 1x disc, except where the
    /// disc is one colour all around: there that colour (the same result).
    #[inline(never)]
    fn gliding_span<const BPP: usize>(
        &self,
        span: &mut [u8],
        start: (i32, i32),
        step: (i32, i32),
        offsets: [(i32, i32); 4],
        backdrop: [u8; 3],
    ) {
        let ((mut fx, mut fy), (step_x, step_y)) = (start, step);
        let palette = |i: u8| self.palette[i as usize];
        for px in span.chunks_exact_mut(BPP) {
            let v = match self.small.flat_at(&self.flat, fx, fy) {
                Some(i) => palette(i),
                None => four(fx, fy, offsets, |x, y| palette(self.small.at_fixed(x, y))),
            };
            put(px, v, backdrop);
            fx = fx.wrapping_add(step_x);
            fy = fy.wrapping_sub(step_y);
        }
    }

    /// A frame as a fresh straight-alpha image: for tests and tools.
    pub fn frame(&self, rotation: f32, finish: Finish) -> Rgba {
        let mut out = vec![0u8; (self.size * self.size * 4) as usize];
        self.frame_into(rotation, finish, &mut out);
        let pixels = out
            .chunks_exact(4)
            .map(|p| {
                let [r, g, b, a] = [p[0], p[1], p[2], p[3]];
                if a == 0 {
                    [0, 0, 0, 0]
                } else {
                    let un = |v: u8| ((v as u32 * 255 + a as u32 / 2) / a as u32).min(255) as u8;
                    [un(r), un(g), un(b), a]
                }
            })
            .collect();
        Rgba {
            width: self.size,
            height: self.size,
            pixels,
        }
    }
}

fn unreachable_pixmap() -> Pixmap {
    // Pixmap::new fails only for a zero size, which the clamp above excludes.
    Pixmap::new(1, 1).unwrap_or_else(|| std::process::abort())
}

/// WCAG 2.2's relative luminance of an sRGB colour.
pub fn luminance(c: [u8; 3]) -> f32 {
    let ch = |v: u8| {
        let v = v as f32 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
}

/// WCAG 2.2's contrast ratio of two colours, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Dark ink on light sectors, light ink on dark ones: WCAG contrast of at least 3.
pub fn ink_for(color: [u8; 3]) -> [u8; 3] {
    let white = [255, 255, 255];
    let (with_white, with_ink) = (contrast(color, white), contrast(color, INK));
    if with_white >= 3.0 || with_white >= with_ink {
        white
    } else {
        INK
    }
}

fn paint(c: [u8; 3]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c[0], c[1], c[2], 255);
    p.anti_alias = true;
    p
}

/// Four samples a pixel, averaged, along one row of the frame.
#[inline(never)]
fn four_samples<const BPP: usize>(
    span: &mut [u8],
    (mut fx, mut fy): (i32, i32),
    (step_x, step_y): (i32, i32),
    offsets: [(i32, i32); 4],
    backdrop: [u8; 3],
    fetch: impl Fn(i32, i32) -> [u8; 4],
) {
    for px in span.chunks_exact_mut(BPP) {
        let mut sum = [0u32; 4];
        for (ox, oy) in offsets {
            let p = fetch(fx.wrapping_add(ox), fy.wrapping_add(oy));
            for k in 0..4 {
                sum[k] += p[k] as u32;
            }
        }
        put(px, sum.map(|v| ((v + 2) / 4) as u8), backdrop);
        fx = fx.wrapping_add(step_x);
        fy = fy.wrapping_sub(step_y);
    }
}

/// The average of four samples around a 16.16 position.
#[inline(always)]
fn four(fx: i32, fy: i32, offsets: [(i32, i32); 4], fetch: impl Fn(i32, i32) -> [u8; 4]) -> [u8; 4] {
    let mut sum = [0u32; 4];
    for (ox, oy) in offsets {
        let p = fetch(fx.wrapping_add(ox), fy.wrapping_add(oy));
        for k in 0..4 {
            sum[k] += p[k] as u32;
        }
    }
    sum.map(|v| ((v + 2) / 4) as u8)
}

/// A square that is not one colour (or is palette entry 255, which is
/// then drawn the long way, to the same result).
const MIXED: u8 = 255;

/// The side of a square that `flat_tiles` judges as one: small, so that
/// little beside a sector's edge or a word is judged mixed.
const CELL: usize = 2;

/// A premultiplied sample into an output pixel: as it is (4 bytes) or laid
/// on the backdrop (3 bytes).
#[inline(always)]
fn put(px: &mut [u8], v: [u8; 4], backdrop: [u8; 3]) {
    if px.len() == 4 {
        px.copy_from_slice(&v);
    } else if v[3] == 255 {
        px.copy_from_slice(&v[..3]);
    } else {
        let keep = 255 - v[3] as u32;
        for (k, o) in px.iter_mut().enumerate() {
            *o = (v[k] as u32 + (backdrop[k] as u32 * keep + 127) / 255).min(255) as u8;
        }
    }
}

/// A square texture stored in 8x8 tiles: a turned row walks across the
/// source in every direction, and tiles keep its neighbours in the cache.
/// Outside it reads as `T::default()` (transparent, or palette entry 0).
struct Tiled<T> {
    size: usize,
    tiles: usize,
    data: Vec<T>,
}

impl<T: Copy + Default> Tiled<T> {
    fn new(rows: Vec<T>, size: usize) -> Tiled<T> {
        let tiles = size.div_ceil(8);
        let mut data = vec![T::default(); tiles * tiles * 64];
        for (y, row) in rows.chunks_exact(size).enumerate() {
            for (x, &p) in row.iter().enumerate() {
                data[Self::index(tiles, x, y)] = p;
            }
        }
        Tiled { size, tiles, data }
    }

    #[inline(always)]
    fn index(tiles: usize, x: usize, y: usize) -> usize {
        ((y >> 3) * tiles + (x >> 3)) * 64 + ((y & 7) << 3) + (x & 7)
    }

    /// The tile under a 16.16 position, when `flat` (see `flat_tiles`) says
    /// it is one colour: that colour.
    #[inline(always)]
    fn flat_at(&self, flat: &[u8], x: i32, y: i32) -> Option<u8> {
        let (ix, iy) = ((x >> 16) as u32 as usize, (y >> 16) as u32 as usize);
        if ix < self.size && iy < self.size {
            let cells = self.size.div_ceil(CELL);
            let v = flat.get((iy / CELL) * cells + ix / CELL).copied().unwrap_or(MIXED);
            if v != MIXED { Some(v) } else { None }
        } else {
            None
        }
    }

    /// The texel under a 16.16 fixed-point position.
    #[inline(always)]
    fn at_fixed(&self, x: i32, y: i32) -> T {
        // A negative position becomes huge as u32 and fails the check.
        let (ix, iy) = ((x >> 16) as u32 as usize, (y >> 16) as u32 as usize);
        if ix < self.size && iy < self.size {
            self.data
                .get(Self::index(self.tiles, ix, iy))
                .copied()
                .unwrap_or_default()
        } else {
            T::default()
        }
    }
}

impl Tiled<u8> {
    /// Per tile: its one value when the tile and the pixel all around it
    /// hold it (samples up to half a pixel from a point inside the tile
    /// then read only that value), else `MIXED`.
    fn flat_tiles(&self) -> Vec<u8> {
        let cells = self.size.div_ceil(CELL);
        let mut flat = vec![MIXED; cells * cells];
        let (size, cell) = (self.size as i64, CELL as i64);
        for ty in 0..cells {
            'tile: for tx in 0..cells {
                let (x0, y0) = (tx as i64 * cell - 1, ty as i64 * cell - 1);
                if x0 < 0 || y0 < 0 || x0 + cell + 2 > size || y0 + cell + 2 > size {
                    continue;
                }
                let at = |x: i64, y: i64| self.data[Self::index(self.tiles, x as usize, y as usize)];
                let first = at(x0, y0);
                for y in y0..y0 + cell + 2 {
                    for x in x0..x0 + cell + 2 {
                        if at(x, y) != first {
                            continue 'tile;
                        }
                    }
                }
                flat[ty * cells + tx] = first;
            }
        }
        flat
    }
}

/// The 256 most common colours (entry 0 transparent) and every pixel as the
/// index of its own colour or, for the rare rest, the nearest one.
fn to_palette(pixels: &[[u8; 4]]) -> (Vec<u8>, [[u8; 4]; 256]) {
    let mut counts: HashMap<[u8; 4], usize> = HashMap::new();
    for &p in pixels {
        *counts.entry(p).or_default() += 1;
    }
    let mut common: Vec<([u8; 4], usize)> = counts.into_iter().filter(|(p, _)| *p != [0; 4]).collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut palette = [[0u8; 4]; 256];
    for (slot, (p, _)) in palette.iter_mut().skip(1).zip(&common) {
        *slot = *p;
    }
    let used = (common.len() + 1).min(256);
    let mut index: HashMap<[u8; 4], u8> = palette[..used].iter().enumerate().map(|(i, &p)| (p, i as u8)).collect();
    let indices = pixels
        .iter()
        .map(|p| {
            *index.entry(*p).or_insert_with(|| {
                let distance = |q: &[u8; 4]| (0..4).map(|k| (p[k] as i32 - q[k] as i32).pow(2)).sum::<i32>();
                (0..used).min_by_key(|&i| distance(&palette[i])).unwrap_or(0) as u8
            })
        })
        .collect();
    (indices, palette)
}

/// A texture at half the size: each texel the average of four.
fn halve(big: &[[u8; 4]], size: usize) -> Vec<[u8; 4]> {
    let wide = size * 2;
    let mut out = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            let at = |dx: usize, dy: usize| big[(y * 2 + dy) * wide + x * 2 + dx];
            let mut sum = [0u32; 4];
            for p in [at(0, 0), at(1, 0), at(0, 1), at(1, 1)] {
                for k in 0..4 {
                    sum[k] += p[k] as u32;
                }
            }
            out.push(sum.map(|v| ((v + 2) / 4) as u8));
        }
    }
    out
}

fn draw_disc(pixmap: &mut Pixmap, sectors: &[Sector<'_>], fonts: &mut Fonts, top: usize) {
    let n = sectors.len().max(1);
    let big = pixmap.width() as f32;
    let c = big / 2.0;
    let r = c * RADIUS;
    let width = TAU / n as f32;
    let at = |angle: f32, radius: f32| (c + radius * angle.sin(), c - radius * angle.cos());
    for (i, sector) in sectors.iter().enumerate() {
        let a0 = i as f32 * width;
        let mut pb = PathBuilder::new();
        pb.move_to(c, c);
        let steps = (64 / n).max(8);
        for k in 0..=steps {
            let (x, y) = at(a0 + width * k as f32 / steps as f32, r);
            pb.line_to(x, y);
        }
        pb.close();
        if let Some(path) = pb.finish() {
            pixmap.fill_path(
                &path,
                &paint(sector.color),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
    // Light lines between the sectors, and a dark rim.
    let mut lines = PathBuilder::new();
    for i in 0..n {
        let (x, y) = at(i as f32 * width, r);
        lines.move_to(c, c);
        lines.line_to(x, y);
    }
    if let Some(path) = lines.finish() {
        let stroke = Stroke {
            width: r * 0.018,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint(LIGHT), &stroke, Transform::identity(), None);
    }
    if let Some(path) = PathBuilder::from_circle(c, c, r - r * 0.012) {
        let stroke = Stroke {
            width: r * 0.024,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint(INK), &stroke, Transform::identity(), None);
    }
    // Icon and word, drawn as if the sector were at the top, then turned to
    // its place: the sector under the pointer reads upright. Where the
    // sector will stand on the lower half (with `top` under the pointer),
    // icon and word are each turned half a turn about their own middle, so
    // they stand upright there too.
    let chord = |radius: f32| 2.0 * radius * (width / 2.0).sin();
    let text_centre = r * 0.72;
    let icon_centre = r * 0.44;
    for (i, sector) in sectors.iter().enumerate() {
        let ink = ink_for(sector.color);
        let turn = Transform::from_rotate_at((i as f32 + 0.5) * width.to_degrees(), c, c);
        let shown_at = (i as f32 - top as f32) * width;
        let below = shown_at.cos() < -1e-3;
        let flip = |y: f32| {
            if below {
                turn.pre_concat(Transform::from_rotate_at(180.0, c, y))
            } else {
                turn
            }
        };
        if let Some(icon) = sector.icon {
            let box_size = (r * 0.28).min(chord(icon_centre) * 0.72);
            draw_icon(pixmap, icon, ink, c, c - icon_centre, box_size, flip(c - icon_centre));
        }
        let max_width = chord(r * 0.66) * 0.9;
        draw_label(
            pixmap,
            fonts,
            sector.label,
            ink,
            (c, c - text_centre),
            max_width,
            r,
            flip(c - text_centre),
        );
    }
}

fn draw_icon(pixmap: &mut Pixmap, icon: &Icon, ink: [u8; 3], cx: f32, cy: f32, box_size: f32, turn: Transform) {
    let (w, h) = icon.size();
    if w <= 0.0 || h <= 0.0 || box_size < 2.0 {
        return;
    }
    let scale = box_size / w.max(h);
    let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    let Some(mut shape) = Pixmap::new(pw.max(1), ph.max(1)) else {
        return;
    };
    match icon {
        Icon::Svg(tree) => resvg::render(tree, Transform::from_scale(scale, scale), &mut shape.as_mut()),
        Icon::Raster(p) => {
            shape.draw_pixmap(
                0,
                0,
                p.as_ref(),
                &PixmapPaint {
                    quality: tiny_skia::FilterQuality::Bicubic,
                    ..PixmapPaint::default()
                },
                Transform::from_scale(scale, scale),
                None,
            );
        }
    }
    // The icon's shape in the sector's ink.
    for px in shape.data_mut().chunks_exact_mut(4) {
        let a = px[3] as u32;
        for k in 0..3 {
            px[k] = (ink[k] as u32 * a / 255) as u8;
        }
    }
    let place = turn.pre_translate(cx - pw as f32 / 2.0, cy - ph as f32 / 2.0);
    pixmap.draw_pixmap(
        0,
        0,
        shape.as_ref(),
        &PixmapPaint {
            quality: tiny_skia::FilterQuality::Bilinear,
            ..PixmapPaint::default()
        },
        place,
        None,
    );
}

/// Lays out a word (two lines at most), shrinking it until it fits the sector.
#[allow(clippy::too_many_arguments)]
fn draw_label(
    pixmap: &mut Pixmap,
    fonts: &mut Fonts,
    text: &str,
    ink: [u8; 3],
    centre: (f32, f32),
    max_width: f32,
    r: f32,
    turn: Transform,
) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let mut font_size = r * 0.1;
    let min_size = r * 0.045;
    loop {
        let mut builder = fonts.layout.ranged_builder(&mut fonts.fonts, text, 1.0, true);
        builder.push_default(parley::StyleProperty::FontFamily(FontFamily::from(
            "Noto Sans, Noto Sans Arabic",
        )));
        builder.push_default(parley::StyleProperty::FontSize(font_size));
        builder.push_default(parley::StyleProperty::FontWeight(FontWeight::BOLD));
        builder.push_default(parley::StyleProperty::LineHeight(parley::LineHeight::FontSizeRelative(
            1.05,
        )));
        let mut layout: parley::Layout<()> = builder.build(text);
        layout.break_all_lines(Some(max_width));
        layout.align(Alignment::Center, AlignmentOptions::default());
        let fits = layout.len() <= 2 && layout.width() <= max_width + 0.5;
        if fits || font_size <= min_size {
            let ox = centre.0 - max_width / 2.0;
            let oy = centre.1 - layout.height() / 2.0;
            fill_layout(pixmap, &layout, ink, ox, oy, turn);
            return;
        }
        font_size *= 0.9;
    }
}

fn fill_layout(pixmap: &mut Pixmap, layout: &parley::Layout<()>, ink: [u8; 3], ox: f32, oy: f32, turn: Transform) {
    let mut pen = Pen {
        path: PathBuilder::new(),
        x: 0.0,
        y: 0.0,
    };
    for line in layout.lines() {
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                continue;
            };
            let run = glyph_run.run();
            let font = run.font();
            let Ok(font_ref) = skrifa::FontRef::from_index(font.data.as_ref(), font.index) else {
                continue;
            };
            let outlines = font_ref.outline_glyphs();
            let size = Size::new(run.font_size());
            for glyph in glyph_run.positioned_glyphs() {
                let Some(outline) = outlines.get(skrifa::GlyphId::new(glyph.id)) else {
                    continue;
                };
                pen.x = ox + glyph.x;
                pen.y = oy + glyph.y;
                let _ = outline.draw(DrawSettings::unhinted(size, LocationRef::default()), &mut pen);
            }
        }
    }
    if let Some(path) = pen.path.finish() {
        pixmap.fill_path(&path, &paint(ink), FillRule::Winding, turn, None);
    }
}

/// Glyph outlines (y up, from the baseline) into one path (y down, on the page).
struct Pen {
    path: PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.path.quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.path.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// The fixed pointer at the top and the hub, drawn with embedded-graphics at
/// twice the size and reduced to coverage: smooth edges.
fn overlay(size: u32) -> Vec<(u32, [u8; 4])> {
    let big = size * 2;
    let mut img = Rgba::new(big, big);
    let s = big as i32;
    let c = s / 2;
    let r = big as f32 / 2.0 * RADIUS;
    let hub = (r * 0.17) as u32;
    let style = PrimitiveStyleBuilder::new()
        .fill_color(Rgb888::new(LIGHT[0], LIGHT[1], LIGHT[2]))
        .stroke_color(Rgb888::new(INK[0], INK[1], INK[2]))
        .stroke_width((r * 0.035).max(2.0) as u32)
        .build();
    let _ = Circle::with_center(Point::new(c, c), hub * 2)
        .into_styled(style)
        .draw(&mut img);
    // The pointer: from above the rim, its tip into the wheel.
    let top = (big as f32 / 2.0 - r) as i32;
    let half = (r * 0.085) as i32;
    let tip = top + (r * POINTER) as i32;
    let pointer = Triangle::new(Point::new(c - half, 1), Point::new(c + half, 1), Point::new(c, tip));
    let _ = pointer
        .into_styled(PrimitiveStyle::with_fill(Rgb888::new(INK[0], INK[1], INK[2])))
        .draw(&mut img);
    let mut out = Vec::new();
    for y in 0..size {
        for x in 0..size {
            let mut sum = [0u32; 4];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = img.get(x * 2 + dx, y * 2 + dy);
                let a = p[3] as u32;
                for k in 0..3 {
                    sum[k] += p[k] as u32 * a / 255;
                }
                sum[3] += a;
            }
            if sum[3] > 0 {
                out.push((y * size + x, sum.map(|v| ((v + 2) / 4) as u8)));
            }
        }
    }
    out
}

/// Where the pointer's tip is, in pixels from the top of a `size` image: the
/// colour just below it is the sector that counts.
pub fn below_pointer(size: u32) -> (u32, u32) {
    let r = size as f32 / 2.0 * RADIUS;
    let top = size as f32 / 2.0 - r;
    (size / 2, (top + r * (POINTER + 0.03)) as u32)
}
