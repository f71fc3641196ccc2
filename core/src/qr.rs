//! QR codes for stop-help links: a person scans one with their own phone and
//! takes the number or address home. Nothing is sent anywhere.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// A QR code as a grey-scale image: `scale` pixels per module, black on white.
pub struct QrImage {
    pub size: u32,
    pub pixels: Vec<u8>,
}

/// Encodes a link with medium error correction. Links are checked by
/// check-content, so this fails only for absurdly long texts.
pub fn encode(link: &str, scale: u32) -> Option<QrImage> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let modules = width + 2 * QUIET;
    let scale = scale.max(1) as usize;
    let size = modules * scale;
    let mut pixels = vec![255u8; size * size];
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i % width + QUIET, i / width + QUIET);
            for y in my * scale..(my + 1) * scale {
                pixels[y * size + mx * scale..y * size + (mx + 1) * scale].fill(0);
            }
        }
    }
    Some(QrImage {
        size: size as u32,
        pixels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_decodes_back_to_its_link() {
        for link in ["tel:0800-1995", "https://www.ikstopnu.nl", "https://wa.me/31612345678"] {
            let img = encode(link, 4).unwrap();
            let size = img.size as usize;
            let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| img.pixels[y * size + x]);
            let grids = prepared.detect_grids();
            assert_eq!(grids.len(), 1, "{link}");
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, link);
        }
    }
}
