//! Raster pictures, as phones make them: JPEG (baseline, progressive, CMYK),
//! PNG and WebP, turned upright as their EXIF orientation says. A JPEG is
//! decoded at 1/2, 1/4 or 1/8 of its size inside the DCT (`jpeg-decoder`), so
//! a 12 MP phone photo never needs its full pixels in memory; the others go
//! through the `image` crate within a memory budget. iPhone photos (HEIC) are
//! refused with how to get a JPEG. The previews' PNGs are written here too.

use std::io::{Cursor, Write};

use image::ImageEncoder;
use image::metadata::Orientation;

/// More pixels than this is not a photo a kiosk can show (a 12 MP phone
/// photo has 12 million).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The memory one decode may take (a 50 MP photo as RGBA is 200 MB).
const DECODE_BUDGET: u64 = 256 << 20;
/// The largest box any screen shows a photo in, at 1920x1080: the story
/// screen gives it 0.28 of the width (about 520 pixels) and up to the height
/// under the title. The kiosk keeps a photo fitted into this box, once.
pub const SHOWN: (u32, u32) = (560, 820);

/// Why a picture cannot be shown, in words a team understands (Dutch).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("het is geen foto die de kiosk kent; gebruik JPEG, PNG of WebP")]
    Unknown,
    #[error(
        "dit is een iPhone-foto in HEIC-formaat, die de kiosk niet kan tonen. Maak er een JPEG van: \
         stuur de foto via WhatsApp of e-mail naar jezelf en sla hem op, of open hem op Windows in Foto's \
         en kies Opslaan als (JPEG). Op de iPhone zelf: Instellingen > Camera > Formaten > Meest compatibel"
    )]
    Heic,
    #[error("het bestand is eigenlijk een {actual}-bestand: geef het de naam die erbij hoort (.{suggested})")]
    WrongName {
        actual: &'static str,
        suggested: &'static str,
    },
    #[error(
        "de foto is {width}×{height} pixels ({megapixels} megapixel), meer dan de kiosk kan tonen (50): maak hem kleiner, bijvoorbeeld met Foto's of Paint (Formaat wijzigen, 2000 pixels breed is genoeg)"
    )]
    TooBig { width: u32, height: u32, megapixels: u64 },
    #[error("de foto is kapot of afgebroken ({0}); kopieer hem opnieuw van de telefoon")]
    Broken(String),
}

/// A photo made ready for the screen, and the size it had (upright).
#[derive(Debug, Clone)]
pub struct Fitted {
    pub image: image::RgbaImage,
    pub original: (u32, u32),
}

/// The size a photo of `original` pixels is shown at when it fills `shown`
/// (aspect kept), when that is more pixels than it has: it is shown blurred.
pub fn blurred_at(original: (u32, u32), shown: (u32, u32)) -> Option<(u32, u32)> {
    let (w, h) = fit(original, shown, true);
    (original.0 < w && original.1 < h).then_some((w, h))
}

/// `size` scaled to fit in `bounds`, aspect kept; only ever made smaller
/// unless `grow`.
fn fit(size: (u32, u32), bounds: (u32, u32), grow: bool) -> (u32, u32) {
    let scale = (bounds.0 as f64 / size.0.max(1) as f64).min(bounds.1 as f64 / size.1.max(1) as f64);
    let scale = if grow { scale } else { scale.min(1.0) };
    (
        ((size.0 as f64 * scale).round() as u32).max(1),
        ((size.1 as f64 * scale).round() as u32).max(1),
    )
}

fn format_name(f: image::ImageFormat) -> (&'static str, &'static str) {
    match f {
        image::ImageFormat::Png => ("PNG", "png"),
        image::ImageFormat::Jpeg => ("JPEG", "jpg"),
        image::ImageFormat::WebP => ("WebP", "webp"),
        image::ImageFormat::Gif => ("GIF", "gif"),
        _ => ("ander soort", "?"),
    }
}

/// An ISO media file whose brand is HEIF/HEIC (what an iPhone saves).
fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
        )
}

/// What the bytes are (not the name), and the name must agree.
fn format_of(bytes: &[u8], name: Option<&str>) -> Result<image::ImageFormat, PictureError> {
    if is_heic(bytes) {
        return Err(PictureError::Heic);
    }
    let format = image::guess_format(bytes).map_err(|_| PictureError::Unknown)?;
    if !matches!(
        format,
        image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::WebP
    ) {
        return Err(PictureError::Unknown);
    }
    if let Some(name) = name {
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let matches = match format {
            image::ImageFormat::Png => extension == "png",
            image::ImageFormat::WebP => extension == "webp",
            _ => extension == "jpg" || extension == "jpeg",
        };
        if !matches {
            let (actual, suggested) = format_name(format);
            return Err(PictureError::WrongName { actual, suggested });
        }
    }
    if format == image::ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        // A cut-off scan decodes to grey; the file must be whole.
        return Err(PictureError::Broken("het bestand houdt op voor het einde".into()));
    }
    Ok(format)
}

/// What a photo is, checked without decoding it: the kind its bytes say
/// and its name agree, and a JPEG is whole (for a photo already decoded once).
pub fn sniff(bytes: &[u8], name: Option<&str>) -> Result<(), PictureError> {
    format_of(bytes, name).map(|_| ())
}

fn too_big(width: u32, height: u32) -> Result<(), PictureError> {
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(PictureError::TooBig {
            width,
            height,
            megapixels: (width as u64 * height as u64).div_ceil(1_000_000),
        });
    }
    Ok(())
}

/// Decodes a JPEG, PNG or WebP (found by its bytes, not its name) at full
/// size into straight RGBA, upright, within [`MAX_PIXELS`] and a memory budget.
pub fn decode(bytes: &[u8]) -> Result<image::RgbaImage, PictureError> {
    decode_named(bytes, None)
}

/// [`decode`], and the name's extension must match what the bytes are.
pub fn decode_named(bytes: &[u8], name: Option<&str>) -> Result<image::RgbaImage, PictureError> {
    let format = format_of(bytes, name)?;
    Ok(decode_with_image(bytes, format)?.into_rgba8())
}

/// Decodes a photo for the screen: fitted into `shown` (aspect kept, never
/// enlarged), upright. A JPEG is decoded at the smallest DCT scale that is
/// still at least that size; check-content and the kiosk both come here, so
/// every byte of the photo is read either way.
pub fn decode_fitted(bytes: &[u8], name: Option<&str>, shown: (u32, u32)) -> Result<Fitted, PictureError> {
    let format = format_of(bytes, name)?;
    let (picture, original) = if format == image::ImageFormat::Jpeg {
        decode_jpeg(bytes, shown)?
    } else {
        let picture = decode_with_image(bytes, format)?;
        let size = (picture.width(), picture.height());
        (picture, size)
    };
    let (w, h) = (picture.width(), picture.height());
    let (nw, nh) = fit((w, h), shown, false);
    let image = if (nw, nh) == (w, h) {
        picture.into_rgba8()
    } else {
        // Area averaging: sharp when shrinking, and faster than a filter.
        image::imageops::thumbnail(&picture, nw, nh)
    };
    Ok(Fitted { image, original })
}

/// PNG and WebP (and a full-size JPEG) through the `image` crate.
fn decode_with_image(bytes: &[u8], format: image::ImageFormat) -> Result<image::DynamicImage, PictureError> {
    use image::ImageDecoder;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(DECODE_BUDGET);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| PictureError::Broken(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    too_big(width, height)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).map_err(|e| PictureError::Broken(e.to_string()))?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// A JPEG decoded at the smallest DCT scale (1/8, 1/4, 1/2, 1) that still
/// fills `shown`, upright; and its full upright size.
fn decode_jpeg(bytes: &[u8], shown: (u32, u32)) -> Result<(image::DynamicImage, (u32, u32)), PictureError> {
    // jpeg-decoder panics on a few impossible headers; a photo is never a crash.
    std::panic::catch_unwind(|| decode_jpeg_inner(bytes, shown))
        .unwrap_or_else(|_| Err(PictureError::Broken("onleesbare JPEG-kop".into())))
}

fn decode_jpeg_inner(bytes: &[u8], shown: (u32, u32)) -> Result<(image::DynamicImage, (u32, u32)), PictureError> {
    use jpeg_decoder::PixelFormat;
    let broken = |e: jpeg_decoder::Error| PictureError::Broken(e.to_string());
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(DECODE_BUDGET as usize);
    decoder.read_info().map_err(broken)?;
    let info = decoder
        .info()
        .ok_or_else(|| PictureError::Broken("geen JPEG-kop".into()))?;
    let (width, height) = (info.width as u32, info.height as u32);
    too_big(width, height)?;
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let sideways = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let (box_w, box_h) = if sideways { (shown.1, shown.0) } else { shown };
    let (want_w, want_h) = fit((width, height), (box_w, box_h), false);
    let (w, h) = decoder
        .scale(want_w.min(u16::MAX as u32) as u16, want_h.min(u16::MAX as u32) as u16)
        .map_err(broken)?;
    let (w, h) = (w as u32, h as u32);
    let pixels = decoder.decode().map_err(broken)?;
    let format = decoder.info().map(|i| i.pixel_format).unwrap_or(info.pixel_format);
    let short = || PictureError::Broken("te weinig beeldpunten".into());
    let mut picture = match format {
        PixelFormat::RGB24 => {
            image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, pixels).ok_or_else(short)?)
        }
        PixelFormat::L8 => image::DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, pixels).ok_or_else(short)?),
        PixelFormat::L16 => {
            let gray = pixels.chunks_exact(2).map(|p| p[0]).collect();
            image::DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, gray).ok_or_else(short)?)
        }
        PixelFormat::CMYK32 => {
            // jpeg-decoder undoes Adobe's inverted storage: these are inks.
            let rgb = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - p[3] as u32;
                    [p[0], p[1], p[2]].map(|c| ((255 - c as u32) * k / 255) as u8)
                })
                .collect();
            image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, rgb).ok_or_else(short)?)
        }
    };
    picture.apply_orientation(orientation);
    let original = if sideways { (height, width) } else { (width, height) };
    Ok((picture, original))
}

/// A JPEG's picture ends with the end-of-image marker after its last scan
/// (inside a scan 0xFF is always followed by 0x00, so the markers cannot be
/// mistaken; a thumbnail's own end marker comes before the main scans).
/// Phones may append data after it; a copy cut short has none.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    match (last(0xDA), last(0xD9)) {
        (Some(scan), Some(end)) => end > scan,
        _ => false,
    }
}

/// Writes RGBA pixels as a PNG, quickly (the kiosk's photo cache).
pub fn write_png_rgba(out: impl Write, picture: &image::RgbaImage) -> std::io::Result<()> {
    image::codecs::png::PngEncoder::new_with_quality(
        out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        picture.as_raw(),
        picture.width(),
        picture.height(),
        image::ExtendedColorType::Rgba8,
    )
    .map_err(std::io::Error::other)
}

/// Writes 8-bit RGB pixels (`width * height * 3` bytes) as a PNG.
pub fn write_png_rgb(out: impl Write, width: u32, height: u32, rgb: &[u8]) -> std::io::Result<()> {
    image::codecs::png::PngEncoder::new(out)
        .write_image(rgb, width, height, image::ExtendedColorType::Rgb8)
        .map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_png_decodes_to_the_same_pixels() {
        let rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        let mut png = Vec::new();
        write_png_rgb(&mut png, 2, 2, &rgb).unwrap();
        let back = decode(&png).unwrap();
        assert_eq!(back.dimensions(), (2, 2));
        assert_eq!(back.get_pixel(1, 1).0, [10, 20, 30, 255]);
    }

    #[test]
    fn nonsense_is_an_error_not_a_panic() {
        assert_eq!(decode(b"not a picture"), Err(PictureError::Unknown));
        assert_eq!(decode(&[]), Err(PictureError::Unknown));
    }

    /// A 4x2 JPEG, left half red and right half blue, with an EXIF
    /// orientation tag as a phone writes it.
    fn jpeg_with_orientation(orientation: u8) -> Vec<u8> {
        let mut pixels = image::RgbImage::new(64, 32);
        for (x, _, p) in pixels.enumerate_pixels_mut() {
            *p = if x < 32 {
                image::Rgb([230, 20, 20])
            } else {
                image::Rgb([20, 20, 230])
            };
        }
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
            .write_image(pixels.as_raw(), 64, 32, image::ExtendedColorType::Rgb8)
            .unwrap();
        // APP1 "Exif": a big-endian TIFF header and one IFD entry, 0x0112 (orientation).
        let mut app1 = vec![0xFF, 0xE1, 0x00, 0x22];
        app1.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0");
        app1.extend_from_slice(&[orientation, 0, 0, 0, 0, 0, 0]);
        assert_eq!(app1.len(), 2 + 0x22);
        jpeg.splice(2..2, app1);
        jpeg
    }

    #[test]
    fn a_phone_portrait_stored_sideways_comes_out_upright() {
        // Orientation 6: the camera was turned; the picture must be turned 90 degrees clockwise.
        let upright = decode(&jpeg_with_orientation(6)).unwrap();
        assert_eq!(upright.dimensions(), (32, 64), "portrait");
        let top = upright.get_pixel(16, 8).0;
        let bottom = upright.get_pixel(16, 56).0;
        assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
        // Without the tag it stays as stored.
        assert_eq!(decode(&jpeg_with_orientation(1)).unwrap().dimensions(), (64, 32));
    }

    #[test]
    fn a_photo_cut_off_halfway_is_broken() {
        let whole = jpeg_with_orientation(1);
        let cut = &whole[..whole.len() / 2];
        assert!(
            matches!(decode(cut), Err(PictureError::Broken(_))),
            "{:?}",
            decode(cut).map(|p| p.dimensions())
        );
    }

    /// A PNG chunk with its CRC-32.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in kind.iter().chain(data) {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&(!crc).to_be_bytes());
        out
    }

    #[test]
    fn a_picture_bomb_is_refused_before_it_is_decoded() {
        // 30000x30000 pixels announced in a file of a few bytes: refused from
        // its header, before 3.6 GB would be asked for.
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&30000u32.to_be_bytes());
        ihdr.extend_from_slice(&30000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
        png.extend(chunk(b"IEND", &[]));
        assert_eq!(
            decode(&png),
            Err(PictureError::TooBig {
                width: 30000,
                height: 30000,
                megapixels: 900
            })
        );
    }

    #[test]
    fn an_iphone_heic_photo_is_refused_with_how_to_get_a_jpeg() {
        let mut heic = vec![0, 0, 0, 0x18];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        heic.extend_from_slice(&[0; 64]);
        assert_eq!(decode(&heic), Err(PictureError::Heic));
        let said = PictureError::Heic.to_string();
        assert!(said.contains("JPEG") && said.contains("Meest compatibel"), "{said}");
    }

    #[test]
    fn the_name_must_say_what_the_file_is() {
        let jpeg = jpeg_with_orientation(1);
        assert!(decode_named(&jpeg, Some("images/ria.jpg")).is_ok());
        assert!(decode_named(&jpeg, Some("images/ria.JPEG")).is_ok());
        assert_eq!(
            decode_named(&jpeg, Some("images/ria.png")),
            Err(PictureError::WrongName {
                actual: "JPEG",
                suggested: "jpg"
            })
        );
    }

    #[test]
    fn a_big_photo_is_kept_at_the_size_screens_show() {
        let big = image::RgbImage::from_raw(4032, 3024, vec![128u8; 4032 * 3024 * 3]).unwrap();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .write_image(big.as_raw(), 4032, 3024, image::ExtendedColorType::Rgb8)
            .unwrap();
        let fitted = decode_fitted(&jpeg, Some("x.jpg"), SHOWN).unwrap();
        assert_eq!(fitted.image.dimensions(), (560, 420));
        assert_eq!(fitted.original, (4032, 3024));
        assert_eq!(blurred_at(fitted.original, SHOWN), None);
        assert_eq!(blurred_at((240, 180), SHOWN), Some((560, 420)));
    }
}
