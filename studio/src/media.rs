//! The team's photos and recordings: a photo is shown in the studio as the
//! kiosk's own decoder reads it (upright, fitted, or the kiosk's message),
//! and a recording made with the laptop's microphone is kept as a WAV file,
//! which the kiosk plays and checks like any other.

use rookvrij_core::picture::{self, SHOWN};

use crate::folder::Folder;

/// The photo at `path` as the kiosk shows it, as PNG bytes.
pub fn photo(folder: &Folder, path: &str) -> Result<Vec<u8>, String> {
    let bytes = folder
        .file(path)
        .ok_or_else(|| format!("{path} staat niet in de map"))?;
    let fitted = picture::decode_fitted(bytes, Some(path), SHOWN).map_err(|e| format!("{path}: {e}"))?;
    let mut png = Vec::new();
    picture::write_png_rgba(&mut png, &fitted.image).map_err(|e| format!("{path}: {e}"))?;
    Ok(png)
}

/// The longest recording kept: a story read aloud is a few minutes.
const MAX_SECONDS: usize = 15 * 60;

/// Samples (-1.0 to 1.0, mono) as a 16-bit WAV file.
pub fn wav(samples: &[f32], rate: u32) -> Result<Vec<u8>, String> {
    if !(8_000..=96_000).contains(&rate) {
        return Err(format!("de opname heeft een vreemde snelheid ({rate} per seconde)"));
    }
    if samples.is_empty() {
        return Err("de opname is leeg: de microfoon gaf geen geluid".to_string());
    }
    if samples.len() > MAX_SECONDS * rate as usize {
        return Err("de opname is langer dan een kwartier: neem het verhaal in delen op".to_string());
    }
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    let mut writer = hound::WavWriter::new(&mut out, spec).map_err(|e| e.to_string())?;
    for s in samples {
        let s = if s.is_finite() { s.clamp(-1.0, 1.0) } else { 0.0 };
        writer
            .write_sample((s * i16::MAX as f32).round() as i16)
            .map_err(|e| e.to_string())?;
    }
    writer.finalize().map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// `stem.ext` when the folder has no such file, else the first free `stem-N.ext`.
pub fn free_name(folder: &Folder, stem: &str, ext: &str) -> String {
    let first = format!("{stem}.{ext}");
    if folder.file(&first).is_none() {
        return first;
    }
    (2..)
        .map(|n| format!("{stem}-{n}.{ext}"))
        .find(|name| folder.file(name).is_none())
        .unwrap_or(first)
}
