//! Is a story's audio file whole and playable? check-content asks this of every
//! file, so a broken recording is found on the team's laptop, not at the stall.
//!
//! Ogg files (the recommended format) are walked page by page: every page's
//! checksum must match and the last page must close the stream, so a file cut
//! short while copying is found even when it ends on a page boundary. Every
//! format is then decoded to its end with the same decoder the kiosk plays
//! with; a file that decodes to much less than it says it holds is truncated.

use std::io::Cursor;
use std::time::Duration;

use rodio::{Decoder, Source};

/// Why a file cannot be played, in words a team understands (Dutch).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioFileError {
    #[error("het bestand is leeg")]
    Empty,
    #[error("dit geluidsformaat kan de kiosk niet afspelen ({0}); gebruik ogg (Vorbis), mp3, wav of flac")]
    Unsupported(String),
    #[error("het bestand is beschadigd (bij byte {0})")]
    Corrupt(usize),
    #[error("het bestand is afgebroken: het stopt voor het einde (opnieuw kopiëren?)")]
    Truncated,
    #[error("er zit bijna geen geluid in ({0} ms)")]
    TooShort(u64),
}

/// Shorter than this is not a story.
const MIN_LENGTH: Duration = Duration::from_millis(500);
/// Decoding must reach this share of the length the file announces.
const WHOLE: f64 = 0.95;

/// Checks a whole file; returns how long it plays.
pub fn check(bytes: &[u8], extension: &str) -> Result<Duration, AudioFileError> {
    let decoder = open(bytes, extension)?;
    let announced = decoder.total_duration();
    let per_second = decoder.sample_rate().get() as f64 * decoder.channels().get() as f64;
    let samples = decoder.count();
    let length = Duration::from_secs_f64(samples as f64 / per_second);
    if let Some(announced) = announced
        && length.as_secs_f64() < announced.as_secs_f64() * WHOLE
    {
        return Err(AudioFileError::Truncated);
    }
    if length < MIN_LENGTH {
        return Err(AudioFileError::TooShort(length.as_millis() as u64));
    }
    Ok(length)
}

/// A quick look, for starting at once: Ogg pages walked (checksums, the end
/// of the stream), the length the file announces; a file that announces none
/// is decoded to its end as [`check`] does.
pub fn probe(bytes: &[u8], extension: &str) -> Result<Duration, AudioFileError> {
    match open(bytes, extension)?.total_duration() {
        Some(length) if length >= MIN_LENGTH => Ok(length),
        Some(length) => Err(AudioFileError::TooShort(length.as_millis() as u64)),
        None => check(bytes, extension),
    }
}

/// A decoder for the file, after the Ogg pages (if any) were walked.
fn open(bytes: &[u8], extension: &str) -> Result<Decoder<Cursor<Vec<u8>>>, AudioFileError> {
    if bytes.is_empty() {
        return Err(AudioFileError::Empty);
    }
    if bytes.starts_with(b"OggS") {
        walk_ogg(bytes)?;
    }
    Decoder::builder()
        .with_data(Cursor::new(bytes.to_vec()))
        .with_byte_len(bytes.len() as u64)
        .with_seekable(true)
        .with_hint(extension)
        .build()
        .map_err(|e| AudioFileError::Unsupported(e.to_string()))
}

/// Walks an Ogg stream with the `ogg` crate's packet reader: every page's
/// checksum must match, no page may be cut short, and the last packet must
/// close the stream (a copy cut exactly after a page is caught too).
fn walk_ogg(bytes: &[u8]) -> Result<(), AudioFileError> {
    let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
    let mut ended = false;
    loop {
        match reader.read_packet() {
            Ok(Some(packet)) => ended = packet.last_in_stream(),
            Ok(None) => break,
            Err(ogg::OggReadError::ReadError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(AudioFileError::Truncated);
            }
            Err(_) => return Err(AudioFileError::Corrupt(reader.get_mut().position() as usize)),
        }
    }
    if ended { Ok(()) } else { Err(AudioFileError::Truncated) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../media/audio")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn wav(seconds: f32) -> Vec<u8> {
        let rate = 8000u32;
        let n = (seconds * rate as f32) as u32;
        let mut out = Vec::new();
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + n * 2).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&rate.to_le_bytes());
        out.extend_from_slice(&(rate * 2).to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&(n * 2).to_le_bytes());
        for i in 0..n {
            let s = ((i as f32 * 0.05).sin() * 8000.0) as i16;
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    #[test]
    fn every_demo_recording_is_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../media/audio");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let length =
                check(&std::fs::read(&path).unwrap(), "ogg").unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                (10.0..120.0).contains(&length.as_secs_f32()),
                "{}: {length:?}",
                path.display()
            );
            n += 1;
        }
        assert!(n >= 8, "every demo story has nl and en audio: {n}");
    }

    #[test]
    fn a_flipped_byte_anywhere_in_an_ogg_file_is_found() {
        let good = demo("ria-nl.ogg");
        for at in [200, good.len() / 2, good.len() - 10] {
            let mut bad = good.clone();
            bad[at] ^= 0x5A;
            assert!(
                matches!(check(&bad, "ogg"), Err(AudioFileError::Corrupt(_))),
                "byte {at}: {:?}",
                check(&bad, "ogg")
            );
        }
    }

    #[test]
    fn a_file_cut_short_is_truncated_even_on_a_page_boundary() {
        let good = demo("kees-en.ogg");
        assert!(matches!(
            check(&good[..good.len() / 2], "ogg"),
            Err(AudioFileError::Truncated)
        ));
        // Cut exactly after a page: every page is whole, but the stream never ends.
        let last_page = good.windows(4).rposition(|w| w == b"OggS").unwrap();
        assert!(matches!(
            check(&good[..last_page], "ogg"),
            Err(AudioFileError::Truncated)
        ));
    }

    #[test]
    fn other_formats_decode_to_the_end_and_a_short_wav_is_truncated() {
        let whole = wav(2.0);
        let length = check(&whole, "wav").unwrap();
        assert!((length.as_secs_f32() - 2.0).abs() < 0.01, "{length:?}");
        let cut = &whole[..whole.len() / 2];
        assert_eq!(check(cut, "wav"), Err(AudioFileError::Truncated));
        assert!(matches!(check(&wav(0.1), "wav"), Err(AudioFileError::TooShort(_))));
    }

    #[test]
    fn nonsense_empty_and_unsupported_files_are_refused() {
        assert_eq!(check(b"", "ogg"), Err(AudioFileError::Empty));
        assert!(matches!(
            check(b"this is a text file, not a sound", "mp3"),
            Err(AudioFileError::Unsupported(_))
        ));
        let message = check(b"hello", "m4a").unwrap_err().to_string();
        assert!(message.contains("ogg"), "{message}");
    }
}
