//! Is a story's recording whole and playable, and how loud is it? check-content
//! asks this of every file, so a broken recording is found on the team's
//! laptop, not at the stall.
//!
//! Formats as phones make them: Ogg Vorbis, Opus (a WhatsApp voice note, in
//! Ogg or `.opus`, through libopus), m4a/AAC (phone recorders, iPhone Voice
//! Memos), mp3 (ID3 tags and cover art are skipped), wav and flac, all but
//! Opus through symphonia, the decoder rodio plays with.
//!
//! Ogg files are walked page by page: every page's checksum must match and
//! the last page must close the stream, so a file cut short while copying is
//! found even when it ends on a page boundary. Every format is then decoded
//! to its end; a file that decodes to much less than it says it holds is
//! truncated. The full check also measures the loudness (EBU R128) that
//! playback evens out, and the silence at the start that playback skips.

#[cfg(feature = "opus")]
mod opus;

use std::io::Cursor;
use std::time::Duration;

use rodio::{Decoder, Source};

#[cfg(feature = "opus")]
pub use self::opus::OpusSource;

/// Why a file cannot be played, in words a team understands (Dutch).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioFileError {
    #[error("het bestand is leeg")]
    Empty,
    #[error(
        "dit geluidsformaat kan de kiosk niet afspelen ({0}); gebruik wat een telefoon maakt: m4a, opus, ogg, mp3, wav of flac"
    )]
    Unsupported(String),
    #[error("het bestand is beschadigd (bij byte {0})")]
    Corrupt(usize),
    #[error("het bestand is afgebroken: het stopt voor het einde (opnieuw kopiëren?)")]
    Truncated,
    #[error("er zit bijna geen geluid in ({0} ms)")]
    TooShort(u64),
    /// Only where libopus is built in (the kiosk, not the studio in a browser).
    #[error("een Opus-opname (zoals een WhatsApp-spraakbericht) kan alleen de kiosk zelf controleren")]
    OpusNotHere,
}

/// The file name endings a recording may have.
pub const EXTENSIONS: [&str; 9] = ["ogg", "oga", "opus", "m4a", "aac", "mp3", "wav", "flac", "mp4"];

/// Shorter than this is not a story.
const MIN_LENGTH: Duration = Duration::from_millis(500);
/// Decoding must reach this share of the length the file announces.
const WHOLE: f64 = 0.95;
/// Every recording is played at this loudness (LUFS), under the team's volume.
pub const TARGET_LUFS: f64 = -16.0;
/// No peak above this after evening out (dBTP).
pub const PEAK_LIMIT_DBTP: f64 = -1.0;
/// Quieter than this, the phone was too far away: check-content warns.
pub const QUIET_LUFS: f64 = -35.0;
/// More silence than this at the start: check-content warns (playback skips it).
pub const LONG_LEAD: Duration = Duration::from_secs(3);
/// Silence at the start beyond this much is skipped when playing.
const KEEP_LEAD: Duration = Duration::from_millis(300);
/// A 50 ms block quieter than this (RMS, dBFS) is silence.
const SILENCE_DBFS: f64 = -45.0;

/// What a full decode learned about a recording; kept by the file's hash so a
/// restart with the same file decodes nothing.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Heard {
    /// How long it plays, in milliseconds.
    pub length_ms: u64,
    /// Integrated loudness (EBU R128, LUFS); none for a file that is all silence.
    pub loudness: Option<f64>,
    /// The highest true peak (dBTP).
    pub true_peak: Option<f64>,
    /// Silence before the first sound, in milliseconds.
    pub lead_ms: u64,
}

impl Heard {
    pub fn length(&self) -> Duration {
        Duration::from_millis(self.length_ms)
    }

    /// The gain (in dB) that brings the recording to [`TARGET_LUFS`] without a
    /// true peak above [`PEAK_LIMIT_DBTP`]; 0 for silence.
    pub fn gain_db(&self) -> f64 {
        let Some(loudness) = self.loudness else { return 0.0 };
        let mut gain = TARGET_LUFS - loudness;
        if let Some(peak) = self.true_peak {
            gain = gain.min(PEAK_LIMIT_DBTP - peak);
        }
        gain.clamp(-30.0, 30.0)
    }

    /// [`Self::gain_db`] as a factor for the samples.
    pub fn gain(&self) -> f32 {
        10f64.powf(self.gain_db() / 20.0) as f32
    }

    /// How much of the start playback skips: the silence beyond a short breath.
    pub fn skip(&self) -> Duration {
        Duration::from_millis(self.lead_ms).saturating_sub(KEEP_LEAD)
    }

    /// Warnings for the team, in Dutch: too quiet, a long silence first.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(l) = self.loudness
            && l < QUIET_LUFS
        {
            out.push(format!(
                "de opname is erg zacht ({l:.0} LUFS): de kiosk versterkt hem, maar ruis wordt ook harder. Neem hem opnieuw op met de telefoon dichter bij de mond"
            ));
        }
        if Duration::from_millis(self.lead_ms) > LONG_LEAD {
            out.push(format!(
                "de opname begint met {:.0} seconden stilte; de kiosk slaat die over, maar knip hem liever weg",
                self.lead_ms as f64 / 1000.0
            ));
        }
        out
    }
}

/// A playable recording: rodio's decoder, or libopus for Opus.
pub type Playable = Box<dyn Source<Item = f32> + Send>;

/// Checks a whole file: decodes it to its end, measures its loudness and
/// the silence at its start.
pub fn check(bytes: &[u8], extension: &str) -> Result<Heard, AudioFileError> {
    let mut source = open(bytes.to_vec(), extension)?;
    let announced = source.total_duration();
    let channels = source.channels().get() as usize;
    let rate = source.sample_rate().get();
    let mut meter = ebur128::EbuR128::new(channels as u32, rate, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK)
        .map_err(|e| AudioFileError::Unsupported(e.to_string()))?;
    // 50 ms blocks: measured, and looked at for the first sound.
    let block = (rate as usize / 20).max(1) * channels;
    let mut buffer = Vec::with_capacity(block);
    let mut samples = 0u64;
    let mut lead_blocks: Option<u64> = None;
    let mut blocks = 0u64;
    let silence = 10f64.powf(SILENCE_DBFS / 20.0);
    loop {
        buffer.clear();
        buffer.extend(source.by_ref().take(block));
        if buffer.is_empty() {
            break;
        }
        let whole = buffer.len() - buffer.len() % channels;
        samples += buffer.len() as u64;
        if whole > 0 {
            meter
                .add_frames_f32(&buffer[..whole])
                .map_err(|e| AudioFileError::Unsupported(e.to_string()))?;
        }
        if lead_blocks.is_none() {
            let rms = (buffer.iter().map(|s| (*s as f64) * (*s as f64)).sum::<f64>() / buffer.len() as f64).sqrt();
            if rms > silence {
                lead_blocks = Some(blocks);
            }
        }
        blocks += 1;
    }
    let length = Duration::from_secs_f64(samples as f64 / (rate as f64 * channels as f64));
    if let Some(announced) = announced
        && length.as_secs_f64() < announced.as_secs_f64() * WHOLE
    {
        return Err(AudioFileError::Truncated);
    }
    if length < MIN_LENGTH {
        return Err(AudioFileError::TooShort(length.as_millis() as u64));
    }
    let finite = |v: Result<f64, ebur128::Error>| v.ok().filter(|v| v.is_finite());
    let loudness = finite(meter.loudness_global());
    let true_peak = (0..channels as u32)
        .filter_map(|c| meter.true_peak(c).ok())
        .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))))
        .filter(|p| *p > 0.0)
        .map(|p| 20.0 * p.log10());
    Ok(Heard {
        length_ms: length.as_millis() as u64,
        loudness,
        true_peak,
        lead_ms: lead_blocks.unwrap_or(blocks) * 50,
    })
}

/// A quick look, for starting at once: Ogg pages walked (checksums, the end
/// of the stream), the length the file announces; a file that announces none
/// is decoded to its end as [`check`] does.
pub fn probe(bytes: &[u8], extension: &str) -> Result<Duration, AudioFileError> {
    match open(bytes.to_vec(), extension)?.total_duration() {
        Some(length) if length >= MIN_LENGTH => Ok(length),
        Some(length) => Err(AudioFileError::TooShort(length.as_millis() as u64)),
        None => check(bytes, extension).map(|h| h.length()),
    }
}

/// A decoder for the file, after the Ogg pages (if any) were walked: libopus
/// for Opus, symphonia (through rodio) for everything else.
pub fn open(bytes: Vec<u8>, extension: &str) -> Result<Playable, AudioFileError> {
    if bytes.is_empty() {
        return Err(AudioFileError::Empty);
    }
    if bytes.starts_with(b"OggS") {
        walk_ogg(&bytes)?;
        if is_opus(&bytes) {
            #[cfg(feature = "opus")]
            return Ok(Box::new(OpusSource::new(bytes)?));
            #[cfg(not(feature = "opus"))]
            return Err(AudioFileError::OpusNotHere);
        }
    }
    let len = bytes.len() as u64;
    let decoder = Decoder::builder()
        .with_data(Cursor::new(bytes))
        .with_byte_len(len)
        .with_seekable(true)
        .with_hint(extension)
        .build()
        .map_err(|e| AudioFileError::Unsupported(e.to_string()))?;
    Ok(Box::new(decoder))
}

/// Is this Ogg file an Opus stream? (Its first packet starts `OpusHead`.)
fn is_opus(bytes: &[u8]) -> bool {
    bytes
        .get(..bytes.len().min(128))
        .is_some_and(|head| head.windows(8).any(|w| w == b"OpusHead"))
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
            let length = check(&std::fs::read(&path).unwrap(), "ogg")
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .length();
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
        let length = check(&whole, "wav").unwrap().length();
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
