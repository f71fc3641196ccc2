//! Raster pictures, through one decoder: the `image` crate reads every PNG and
//! JPEG of the content (photos, wheel icons) and writes the previews' PNGs.

use std::io::Write;

use image::ImageEncoder;

/// More pixels than this is not a photo a kiosk can show (a 12 MP phone
/// photo has 12 million).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The memory one decode may take (a 50 MP photo as RGBA is 200 MB).
const DECODE_BUDGET: u64 = 256 << 20;
/// The longest side a photo is kept at in memory: more than any screen shows
/// one (a story's photo at 1920x1080 is under 800 pixels; twice that stays sharp).
pub const SHOWN_SIDE: u32 = 1600;

/// Why a picture cannot be shown, in words a team understands (Dutch).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("het is geen foto die de kiosk kent; gebruik JPEG of PNG")]
    Unknown,
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

fn format_name(f: image::ImageFormat) -> (&'static str, &'static str) {
    match f {
        image::ImageFormat::Png => ("PNG", "png"),
        image::ImageFormat::Jpeg => ("JPEG", "jpg"),
        image::ImageFormat::WebP => ("WebP", "webp"),
        image::ImageFormat::Gif => ("GIF", "gif"),
        _ => ("ander soort", "?"),
    }
}

/// Decodes a PNG or JPEG (found by its bytes, not its name) into straight
/// RGBA, turned upright as its EXIF orientation says (phones store portrait
/// photos sideways), within [`MAX_PIXELS`] and a memory budget.
pub fn decode(bytes: &[u8]) -> Result<image::RgbaImage, PictureError> {
    decode_named(bytes, None)
}

/// [`decode`], and the name's extension must match what the bytes are.
pub fn decode_named(bytes: &[u8], name: Option<&str>) -> Result<image::RgbaImage, PictureError> {
    use image::ImageDecoder;
    let format = image::guess_format(bytes).map_err(|_| PictureError::Unknown)?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(PictureError::Unknown);
    }
    if let Some(name) = name {
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let matches = match format {
            image::ImageFormat::Png => extension == "png",
            _ => extension == "jpg" || extension == "jpeg",
        };
        if !matches {
            let (actual, suggested) = format_name(format);
            return Err(PictureError::WrongName { actual, suggested });
        }
    }
    if format == image::ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        // The decoder fills a cut-off scan with grey; the file must be whole.
        return Err(PictureError::Broken("het bestand houdt op voor het einde".into()));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(DECODE_BUDGET);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| PictureError::Broken(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(PictureError::TooBig {
            width,
            height,
            megapixels: (width as u64 * height as u64).div_ceil(1_000_000),
        });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).map_err(|e| PictureError::Broken(e.to_string()))?;
    picture.apply_orientation(orientation);
    Ok(picture.into_rgba8())
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

/// [`decode`], then made no bigger than `side` pixels on its longest side:
/// what the kiosk keeps in memory for a photo.
pub fn decode_for_screen(bytes: &[u8], side: u32) -> Result<image::RgbaImage, PictureError> {
    let picture = decode(bytes)?;
    let (w, h) = picture.dimensions();
    if w.max(h) <= side {
        return Ok(picture);
    }
    let scale = side as f64 / w.max(h) as f64;
    let (nw, nh) = (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    );
    // Area averaging: sharp when shrinking, and faster than a filter.
    Ok(image::imageops::thumbnail(&picture, nw, nh))
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
        assert_eq!(decode_for_screen(&jpeg, SHOWN_SIDE).unwrap().dimensions(), (1600, 1200));
    }
}
