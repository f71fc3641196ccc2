//! Content pictures: photos decoded once on a worker (one decoding path, the
//! core's `picture`), pictograms read at once; an empty place until a photo
//! is ready, never a crash.

use rookvrij_core::known::Known;
use rookvrij_core::picture::{SHOWN, decode_fitted};
use slint::{Image, Rgb8Pixel, Rgba8Pixel, SharedPixelBuffer};

use super::Kiosk;
use super::jobs::Lane;
use crate::content::Source;

/// A content photo: decoded on a worker, shown when ready.
pub(super) enum Picture {
    Loading,
    Ready(Image),
    Broken,
}

impl Kiosk {
    /// A content picture, decoded once on a worker; until it is ready (and
    /// when it is broken) nothing is shown in its place, never a crash.
    /// Vector pictograms are small and read here: Slint draws them at any size.
    pub(super) fn image(&self, source: &Source, rel: &str) -> Image {
        match self.images.borrow().get(rel) {
            Some(Picture::Ready(img)) => return img.clone(),
            Some(Picture::Loading | Picture::Broken) => return Image::default(),
            None => {}
        }
        if rel.to_ascii_lowercase().ends_with(".svg") {
            let picture = match load_svg(source, rel) {
                Ok(img) => Picture::Ready(img),
                Err(e) => {
                    eprintln!("rookvrij-kiosk: afbeelding {rel}: {e}");
                    Picture::Broken
                }
            };
            let img = match &picture {
                Picture::Ready(img) => img.clone(),
                _ => Image::default(),
            };
            self.images.borrow_mut().insert(rel.to_string(), picture);
            return img;
        }
        self.images.borrow_mut().insert(rel.to_string(), Picture::Loading);
        let (source, name, known) = (source.clone(), rel.to_string(), self.known());
        let shown = self.content_gen.get();
        self.jobs.run(
            Lane::Pictures,
            move || decode_picture(&source, &name, known.as_ref()).map(|p| (name, p)),
            move |k, decoded| {
                if k.content_gen.get() != shown {
                    return;
                }
                match decoded {
                    Ok((name, pixels)) => {
                        k.images.borrow_mut().insert(name, Picture::Ready(pixels.image()));
                    }
                    Err((name, e)) => {
                        eprintln!("rookvrij-kiosk: afbeelding {name}: {e}");
                        k.images.borrow_mut().insert(name, Picture::Broken);
                    }
                }
                k.refresh_cards();
                k.sync();
            },
        );
        Image::default()
    }

    /// The story and stop-help cards in the shown language, with the photos
    /// decoded so far (the others follow as they are ready).
    pub(super) fn refresh_cards(&self) {
        self.refresh_story_cards();
        self.refresh_help_cards();
    }
}

/// A vector picture (a pictogram), read and parsed: Slint draws it at any size.
pub fn load_svg(source: &Source, rel: &str) -> Result<Image, String> {
    let bytes = source.read(rel).map_err(|e| e.to_string())?;
    Image::load_from_svg_data(&bytes).map_err(|e| format!("{e}"))
}

/// A photo's pixels, ready for Slint: RGB when it is opaque (a quarter less
/// memory than RGBA), as every phone photo is.
pub enum Pixels {
    Rgb(SharedPixelBuffer<Rgb8Pixel>),
    Rgba(SharedPixelBuffer<Rgba8Pixel>),
}

impl Pixels {
    fn of(rgba: &image::RgbaImage) -> Pixels {
        let (w, h) = rgba.dimensions();
        if rgba.pixels().all(|p| p.0[3] == 255) {
            let rgb: Vec<u8> = rgba.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2]]).collect();
            Pixels::Rgb(SharedPixelBuffer::<Rgb8Pixel>::clone_from_slice(&rgb, w, h))
        } else {
            Pixels::Rgba(SharedPixelBuffer::<Rgba8Pixel>::clone_from_slice(rgba.as_raw(), w, h))
        }
    }

    pub fn size(&self) -> (u32, u32) {
        match self {
            Pixels::Rgb(p) => (p.width(), p.height()),
            Pixels::Rgba(p) => (p.width(), p.height()),
        }
    }

    fn image(self) -> Image {
        match self {
            Pixels::Rgb(p) => Image::from_rgb8(p),
            Pixels::Rgba(p) => Image::from_rgba8(p),
        }
    }
}

/// A content photo, fitted to the screen (on a worker: this takes
/// milliseconds to a second): from the data disk's cache when an earlier
/// check or start kept it (found by the file's stamp without reading it, or
/// by its hash), else decoded and kept there.
pub fn decode_picture(source: &Source, rel: &str, known: Option<&Known>) -> Result<Pixels, (String, String)> {
    if let Some(k) = known
        && let Some(kept) = k.hash_by_stamp(source, rel).and_then(|h| k.photo(&h, SHOWN))
    {
        return Ok(Pixels::of(&kept));
    }
    let bytes = source.read(rel).map_err(|e| (rel.to_string(), e.to_string()))?;
    let hash = known.map(|k| k.learn_hash(source, rel, &bytes));
    let kept = match (known, &hash) {
        (Some(k), Some(h)) => k.photo(h, SHOWN),
        _ => None,
    };
    let rgba = match kept {
        Some(rgba) => rgba,
        None => {
            let fitted = decode_fitted(&bytes, None, SHOWN).map_err(|e| (rel.to_string(), e.to_string()))?;
            if let (Some(k), Some(h)) = (known, &hash) {
                k.keep_photo(h, SHOWN, &fitted);
            }
            fitted.image
        }
    };
    Ok(Pixels::of(&rgba))
}
