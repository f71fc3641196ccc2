//! Opus in Ogg (a WhatsApp voice note, `.opus`), decoded by libopus through
//! the `opus` crate: symphonia has no Opus decoder. RFC 7845: the first
//! packet is the `OpusHead` header (channels, pre-skip, output gain), the
//! second the tags; every later packet is audio at 48 kHz. The last page's
//! granule position says how many samples the stream holds.

use std::io::Cursor;
use std::num::NonZero;
use std::time::Duration;

use rodio::Source;

use super::AudioFileError;

const RATE: u32 = 48_000;
/// The longest Opus packet: 120 ms at 48 kHz.
const MAX_FRAME: usize = 5760;

/// An Ogg Opus stream as samples, for rodio.
pub struct OpusSource {
    reader: ogg::PacketReader<Cursor<Vec<u8>>>,
    decoder: opus::Decoder,
    channels: NonZero<u16>,
    /// Output gain from the header, as a factor.
    gain: f32,
    buffer: Vec<f32>,
    at: usize,
    len: usize,
    /// Samples (all channels) still to drop: the encoder's pre-skip.
    skip: usize,
    /// Samples (all channels) the stream holds after the pre-skip, if known.
    left: Option<u64>,
    total: Option<Duration>,
}

impl OpusSource {
    pub fn new(bytes: Vec<u8>) -> Result<OpusSource, AudioFileError> {
        let unsupported = |what: &str| AudioFileError::Unsupported(format!("Opus: {what}"));
        let granule = last_granule(&bytes);
        let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
        let head = match reader.read_packet() {
            Ok(Some(p)) => p.data,
            _ => return Err(AudioFileError::Corrupt(0)),
        };
        if head.len() < 19 || !head.starts_with(b"OpusHead") {
            return Err(unsupported("geen OpusHead"));
        }
        let count = head[9];
        let pre_skip = u16::from_le_bytes([head[10], head[11]]) as usize;
        let gain_q8 = i16::from_le_bytes([head[16], head[17]]);
        let mapping = head[18];
        let channels = match (count, mapping) {
            (1, _) => opus::Channels::Mono,
            (2, _) => opus::Channels::Stereo,
            _ => return Err(unsupported("meer dan twee kanalen")),
        };
        // The tags packet.
        match reader.read_packet() {
            Ok(Some(_)) => {}
            _ => return Err(AudioFileError::Truncated),
        }
        let decoder = opus::Decoder::new(RATE, channels).map_err(|e| unsupported(&e.to_string()))?;
        let per_frame = count as usize;
        let left = granule.map(|g| g.saturating_sub(pre_skip as u64) * per_frame as u64);
        Ok(OpusSource {
            reader,
            decoder,
            channels: NonZero::new(count as u16).unwrap_or(NonZero::<u16>::MIN),
            gain: 10f32.powf(gain_q8 as f32 / 256.0 / 20.0),
            buffer: vec![0.0; MAX_FRAME * per_frame],
            at: 0,
            len: 0,
            skip: pre_skip * per_frame,
            left,
            total: left.map(|l| Duration::from_secs_f64(l as f64 / (RATE as f64 * per_frame as f64))),
        })
    }

    /// Decodes the next packet into the buffer; false at the end (or at a
    /// packet libopus refuses: what was heard is what plays).
    fn fill(&mut self) -> bool {
        loop {
            let packet = match self.reader.read_packet() {
                Ok(Some(p)) => p,
                _ => return false,
            };
            let Ok(frames) = self.decoder.decode_float(&packet.data, &mut self.buffer, false) else {
                return false;
            };
            let mut start = 0;
            let mut len = frames * self.channels.get() as usize;
            if self.skip > 0 {
                start = self.skip.min(len);
                self.skip -= start;
            }
            if let Some(left) = self.left {
                len = len.min(start + left.min(usize::MAX as u64) as usize);
            }
            if start < len {
                self.at = start;
                self.len = len;
                return true;
            }
        }
    }
}

/// The granule position of the stream's last page.
fn last_granule(bytes: &[u8]) -> Option<u64> {
    let at = bytes.windows(4).rposition(|w| w == b"OggS")?;
    let g = bytes.get(at + 6..at + 14)?;
    let g = i64::from_le_bytes(g.try_into().ok()?);
    u64::try_from(g).ok()
}

impl Iterator for OpusSource {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.at >= self.len && !self.fill() {
            return None;
        }
        if let Some(left) = &mut self.left {
            if *left == 0 {
                return None;
            }
            *left -= 1;
        }
        let sample = self.buffer[self.at] * self.gain;
        self.at += 1;
        Some(sample)
    }
}

impl Source for OpusSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> NonZero<u16> {
        self.channels
    }

    fn sample_rate(&self) -> NonZero<u32> {
        NonZero::new(RATE).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        self.total
    }
}
