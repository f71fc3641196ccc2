//! Raster pictures, through one decoder: the `image` crate reads every PNG and
//! JPEG of the content (photos, wheel icons) and writes the previews' PNGs.

use std::io::Write;

use image::ImageEncoder;

/// Decodes a PNG or JPEG (found by its bytes, not its name) into straight RGBA.
pub fn decode(bytes: &[u8]) -> Result<image::RgbaImage, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    Ok(reader.decode().map_err(|e| e.to_string())?.into_rgba8())
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
        assert!(decode(b"not a picture").is_err());
        assert!(decode(&[]).is_err());
    }
}
