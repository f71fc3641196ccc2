//! `report`: merges the counters of any number of kiosks (data folders or
//! exported JSON files) and writes them as a terminal table, CSV for Dutch
//! Excel, JSON, an Excel workbook or one self-contained HTML page.
//!
//! Built for a funder's question over many kiosks: a year of 100 kiosks is
//! about 15 million hour rows. They are kept as 12 bytes a row (a packed key
//! of interned names plus a count), read without copying strings, and written
//! in one streaming pass; see "How fast the report is" in the README.

mod html;
mod summary;
mod write;
mod xlsx;

use std::borrow::Cow;
use std::collections::BinaryHeap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

pub use html::write_html;
pub use summary::{Funnel, Summary};
pub use write::{write_csv, write_json, write_table};
pub use xlsx::{Grain, write_xlsx};

/// The hour bucket of taps made while the clock was wrong.
pub const UNDATED: &str = "onbekend";

/// One counter row: the hour ("2026-03-14T15" or [`UNDATED`]), the kiosk, the
/// vindplaats, the event and its item, and how often it happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct CountRow {
    pub hour: String,
    pub kiosk: String,
    pub vindplaats: String,
    pub event: String,
    pub item: String,
    pub count: u64,
}

/// A counter row as read, its names borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct RawCountRef<'a> {
    pub hour: &'a [u8],
    pub kiosk: &'a [u8],
    pub vindplaats: &'a [u8],
    pub event: &'a [u8],
    pub item: &'a [u8],
    pub count: u64,
}

/// Where a report's rows come from: a kiosk's data folder (read by the kiosk
/// crate, which has the database), an export's bytes, or anything else that
/// can list counter rows.
pub trait CountSource: Sync {
    /// Calls `row` for every counter row whose hour text lies in `window`
    /// (the filter is a speed-up; rows outside are dropped anyway). When `row`
    /// answers with an error message, stops and returns it with the source's name.
    fn scan(
        &self,
        window: &Window,
        row: &mut dyn FnMut(RawCountRef<'_>) -> Result<(), String>,
    ) -> Result<(), ReportError>;
}

/// An export (`report --format json`, or the team's export) as bytes.
pub struct ExportBytes<'a> {
    /// How the messages name it: usually its path.
    pub name: String,
    pub bytes: &'a [u8],
}

impl CountSource for ExportBytes<'_> {
    fn scan(
        &self,
        _window: &Window,
        row: &mut dyn FnMut(RawCountRef<'_>) -> Result<(), String>,
    ) -> Result<(), ReportError> {
        let file: ImportFile = serde_json::from_slice(self.bytes).map_err(|e| ReportError::Import {
            path: self.name.clone(),
            line: e.line(),
            column: e.column(),
            message: format!("dit is geen export van rookvrij-kiosk ({e})"),
        })?;
        for (i, r) in file.rows.iter().enumerate() {
            let raw = RawCountRef {
                hour: r.hour.as_bytes(),
                kiosk: r.kiosk.as_bytes(),
                vindplaats: r.vindplaats.as_bytes(),
                event: r.event.as_bytes(),
                item: r.item.as_bytes(),
                count: r.count,
            };
            row(raw).map_err(|message| ReportError::BadRow {
                path: self.name.clone(),
                message: format!("rij {}: {message}", i + 1),
            })?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A source that could not be opened (a data folder's database).
    #[error("{0}")]
    Source(String),
    #[error("{path}: kan niet lezen: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}:{column}: fout: {message}")]
    Import {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: fout: {message}")]
    BadRow { path: String, message: String },
    #[error("te veel verschillende {what} (meer dan {max}) om in één rapport te zetten")]
    TooMany { what: &'static str, max: usize },
    #[error("een naam bij de {what} is geen geldige tekst (UTF-8): \"{text}\"")]
    NotText { what: &'static str, text: String },
    #[error("kan het rapport niet schrijven: {0}")]
    Write(#[from] std::io::Error),
    #[error("kan het Excel-bestand niet maken: {0}")]
    Xlsx(String),
}

// The packed key: hour since 2000 | kiosk | vindplaats | event | item, most
// significant first, so sorting keys sorts rows the way the report lists them.
const ITEM_BITS: u32 = 15;
const EVENT_BITS: u32 = 7;
const PLACE_BITS: u32 = 10;
const KIOSK_BITS: u32 = 10;
const HOUR_BITS: u32 = 64 - ITEM_BITS - EVENT_BITS - PLACE_BITS - KIOSK_BITS;

const fn mask(bits: u32) -> u64 {
    (1u64 << bits) - 1
}

fn pack(hour: u32, kiosk: u32, place: u32, event: u32, item: u32) -> u64 {
    ((hour as u64) << (KIOSK_BITS + PLACE_BITS + EVENT_BITS + ITEM_BITS))
        | ((kiosk as u64) << (PLACE_BITS + EVENT_BITS + ITEM_BITS))
        | ((place as u64) << (EVENT_BITS + ITEM_BITS))
        | ((event as u64) << ITEM_BITS)
        | item as u64
}

/// (hour, kiosk, vindplaats, event, item) out of a key.
pub fn unpack(key: u64) -> (u32, u32, u32, u32, u32) {
    (
        (key >> (KIOSK_BITS + PLACE_BITS + EVENT_BITS + ITEM_BITS)) as u32,
        ((key >> (PLACE_BITS + EVENT_BITS + ITEM_BITS)) & mask(KIOSK_BITS)) as u32,
        ((key >> (EVENT_BITS + ITEM_BITS)) & mask(PLACE_BITS)) as u32,
        ((key >> ITEM_BITS) & mask(EVENT_BITS)) as u32,
        (key & mask(ITEM_BITS)) as u32,
    )
}

/// Days from 0001-01-01 to 2000-01-01: hours count from there.
const EPOCH_DAYS: i32 = 730_120;

/// `2026-11-23T14` → hours since 2000-01-01T00, when it is a real hour.
///
/// `onbekend` (counted while the kiosk's clock was wrong) is hour 0, which
/// sorts first and which no `--from` takes in.
pub fn parse_hour(s: &str) -> Option<u32> {
    if s == UNDATED {
        return Some(UNDATED_HOUR);
    }
    let b = s.as_bytes();
    if b.len() != 13 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32))
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let hour = num(11..13)?;
    let days = date.num_days_from_ce() - EPOCH_DAYS;
    (hour < 24 && days >= 0).then(|| days as u32 * 24 + hour)
}

/// The hour of counts without a date.
pub const UNDATED_HOUR: u32 = 0;

/// Hours since 2000 → `2026-11-23T14` (or `onbekend`).
pub fn hour_text(h: u32) -> String {
    if h == UNDATED_HOUR {
        return UNDATED.to_string();
    }
    let date = NaiveDate::from_num_days_from_ce_opt((h / 24) as i32 + EPOCH_DAYS).unwrap_or_default();
    format!("{}T{:02}", date.format("%Y-%m-%d"), h % 24)
}

/// Hours since 2000 → the day.
pub fn hour_date(h: u32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt((h / 24) as i32 + EPOCH_DAYS).unwrap_or_default()
}

/// Names seen while reading, each with a number; remembers the last one asked,
/// because rows come in runs of the same kiosk, place and hour.
struct Interner {
    what: &'static str,
    max: usize,
    list: Vec<String>,
    /// For each name, the one that followed it the last time.
    next: Vec<u32>,
    index: NameMap,
    last: Option<u32>,
}

impl Interner {
    fn new(what: &'static str, bits: u32) -> Self {
        Interner {
            what,
            max: 1 << bits,
            list: Vec::new(),
            next: Vec::new(),
            index: NameMap::default(),
            last: None,
        }
    }

    fn id(&mut self, s: &[u8]) -> Result<u32, ReportError> {
        if let Some(last) = self.last {
            if self.list[last as usize].as_bytes() == s {
                return Ok(last);
            }
            // Each hour repeats the same names in the same order: the name
            // that came after this one last time is the likely one now.
            let guess = self.next[last as usize];
            if guess != u32::MAX && self.list[guess as usize].as_bytes() == s {
                self.last = Some(guess);
                return Ok(guess);
            }
        }
        let id = match self.index.get(s) {
            Some(&id) => id,
            None => {
                if self.list.len() >= self.max {
                    return Err(ReportError::TooMany {
                        what: self.what,
                        max: self.max,
                    });
                }
                // A new name: the only time its text is checked.
                let name = std::str::from_utf8(s).map_err(|_| ReportError::NotText {
                    what: self.what,
                    text: String::from_utf8_lossy(s).into_owned(),
                })?;
                let id = self.list.len() as u32;
                self.list.push(name.to_string());
                self.next.push(u32::MAX);
                self.index.insert(s.into(), id);
                id
            }
        };
        if let Some(last) = self.last {
            self.next[last as usize] = id;
        }
        self.last = Some(id);
        Ok(id)
    }
}

/// rustc-hash's Fx hash: names are short, and SipHash's protection against
/// chosen keys is not needed for counting our own files.
type NameMap = rustc_hash::FxHashMap<Box<[u8]>, u32>;

/// One source's rows: packed keys and counts, side by side.
#[derive(Default, Debug)]
struct Run {
    keys: Vec<u64>,
    counts: Vec<u32>,
}

/// The counters of all sources, merged: names sorted, rows sorted by hour,
/// kiosk, vindplaats, event and item, equal rows summed.
#[derive(Debug)]
pub struct Report {
    pub kiosks: Vec<String>,
    pub places: Vec<String>,
    pub events: Vec<String>,
    pub items: Vec<String>,
    runs: Vec<Run>,
}

/// One merged row, by the numbers of its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub hour: u32,
    pub kiosk: u32,
    pub place: u32,
    pub event: u32,
    pub item: u32,
    pub count: u64,
}

struct Reader {
    kiosks: Interner,
    places: Interner,
    events: Interner,
    items: Interner,
    last_hour: Option<(Vec<u8>, u32)>,
    first: u32,
    last: u32,
}

impl Reader {
    fn key(&mut self, r: &RawCountRef<'_>) -> Result<Option<u64>, String> {
        let hour = match &self.last_hour {
            Some((text, h)) if text.as_slice() == r.hour => *h,
            _ => {
                let shown = String::from_utf8_lossy(r.hour);
                let h = std::str::from_utf8(r.hour)
                    .ok()
                    .and_then(parse_hour)
                    .ok_or_else(|| format!("uur \"{shown}\" heeft niet de vorm 2026-11-23T14"))?;
                self.last_hour = Some((r.hour.to_vec(), h));
                h
            }
        };
        if hour < self.first || hour > self.last {
            return Ok(None);
        }
        if hour as u64 > mask(HOUR_BITS) {
            return Err(format!(
                "uur \"{}\" ligt te ver in de toekomst",
                String::from_utf8_lossy(r.hour)
            ));
        }
        let e = |e: ReportError| e.to_string();
        Ok(Some(pack(
            hour,
            self.kiosks.id(r.kiosk).map_err(e)?,
            self.places.id(r.vindplaats).map_err(e)?,
            self.events.id(r.event).map_err(e)?,
            self.items.id(r.item).map_err(e)?,
        )))
    }
}

#[derive(Deserialize)]
struct ImportFile<'a> {
    #[serde(borrow)]
    rows: Vec<ImportRow<'a>>,
}

#[derive(Deserialize)]
struct ImportRow<'a> {
    #[serde(borrow)]
    hour: Cow<'a, str>,
    #[serde(borrow)]
    kiosk: Cow<'a, str>,
    #[serde(borrow)]
    vindplaats: Cow<'a, str>,
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow)]
    item: Cow<'a, str>,
    count: u64,
}

/// The hours a report keeps, as numbers and as the text a database compares.
pub struct Window {
    first: u32,
    last: u32,
    /// The first hour kept, as text ("2026-03-01T00"; empty for no limit).
    pub first_text: String,
    /// The last hour kept, as text ("2026-03-31T23"; U+10FFFF for no limit).
    pub last_text: String,
}

type SourceResult = Result<(Run, Reader), ReportError>;

/// One source's rows, numbered by its own names.
fn read_source(source: &dyn CountSource, window: &Window) -> SourceResult {
    let mut reader = Reader {
        kiosks: Interner::new("kiosks", KIOSK_BITS),
        places: Interner::new("vindplaatsen", PLACE_BITS),
        events: Interner::new("gebeurtenissen", EVENT_BITS),
        items: Interner::new("onderdelen", ITEM_BITS),
        last_hour: None,
        first: window.first,
        last: window.last,
    };
    let mut run = Run::default();
    source.scan(window, &mut |r| {
        if let Some(key) = reader.key(&r)? {
            run.keys.push(key);
            run.counts.push(r.count.min(u32::MAX as u64) as u32);
        }
        Ok(())
    })?;
    // Grown by doubling while reading: give back what is not used.
    run.keys.shrink_to_fit();
    run.counts.shrink_to_fit();
    Ok((run, reader))
}

/// The names of all sources sorted, and per source, for each of its numbers,
/// the place of its name in that order.
fn merge_names<'a>(
    interners: impl Iterator<Item = &'a Interner> + Clone,
) -> Result<(Vec<String>, Vec<Vec<u32>>), ReportError> {
    let mut names: Vec<&str> = interners
        .clone()
        .flat_map(|i| i.list.iter().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    if let Some(first) = interners.clone().next()
        && names.len() > first.max
    {
        return Err(ReportError::TooMany {
            what: first.what,
            max: first.max,
        });
    }
    let ranks = interners
        .map(|i| {
            i.list
                .iter()
                .map(|n| names.binary_search(&n.as_str()).map_or(0, |r| r as u32))
                .collect()
        })
        .collect();
    Ok((names.into_iter().map(str::to_string).collect(), ranks))
}

/// Reads and merges all sources, keeping the hours from `from` to `to` (inclusive days).
///
/// Sources are read by up to `threads` threads at a time (1: on the caller's
/// thread, as in a browser), each with its own names; the names are merged
/// and every key renumbered afterwards.
pub fn collect<S: CountSource>(
    sources: &[S],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    threads: usize,
) -> Result<Report, ReportError> {
    let day_hours = |d: NaiveDate| ((d.num_days_from_ce() - EPOCH_DAYS).max(0) as u32) * 24;
    let window = Window {
        first: from.map(day_hours).unwrap_or(0),
        last: to.map(|d| day_hours(d) + 23).unwrap_or(u32::MAX),
        first_text: from.map(|d| format!("{}T00", d.format("%Y-%m-%d"))).unwrap_or_default(),
        last_text: to
            .map(|d| format!("{}T23", d.format("%Y-%m-%d")))
            .unwrap_or_else(|| "\u{10FFFF}".to_string()),
    };
    let threads = threads.min(sources.len()).max(1);
    let done = if threads == 1 {
        sources.iter().map(|s| Some(read_source(s, &window))).collect()
    } else {
        read_in_parallel(sources, &window, threads)
    };
    let mut parts = Vec::with_capacity(done.len());
    for part in done {
        match part {
            Some(Ok(p)) => parts.push(p),
            Some(Err(e)) => return Err(e),
            // Left unread because another source failed; that error came first.
            None => {}
        }
    }
    merge(parts)
}

fn read_in_parallel<S: CountSource>(sources: &[S], window: &Window, threads: usize) -> Vec<Option<SourceResult>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<Option<SourceResult>>> =
        std::sync::Mutex::new((0..sources.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(source) = sources.get(i) else { break };
                    let result = read_source(source, window);
                    let failed = result.is_err();
                    if let Ok(mut done) = done.lock() {
                        done[i] = Some(result);
                    }
                    if failed {
                        // No need to read the rest: the report fails.
                        next.store(sources.len(), std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
    });
    done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn merge(parts: Vec<(Run, Reader)>) -> Result<Report, ReportError> {
    let readers: Vec<&Reader> = parts.iter().map(|(_, r)| r).collect();
    let (kiosks, kiosk_rank) = merge_names(readers.iter().map(|r| &r.kiosks))?;
    let (places, place_rank) = merge_names(readers.iter().map(|r| &r.places))?;
    let (events, event_rank) = merge_names(readers.iter().map(|r| &r.events))?;
    let (items, item_rank) = merge_names(readers.iter().map(|r| &r.items))?;
    let mut runs = Vec::with_capacity(parts.len());
    for (i, (mut run, _)) in parts.into_iter().enumerate() {
        let (kr, pr, er, ir) = (&kiosk_rank[i], &place_rank[i], &event_rank[i], &item_rank[i]);
        for key in &mut run.keys {
            let (h, k, p, e, it) = unpack(*key);
            *key = pack(h, kr[k as usize], pr[p as usize], er[e as usize], ir[it as usize]);
        }
        // A data folder's rows come sorted by name, which the ranks keep;
        // an edited export may not be.
        if !run.keys.is_sorted() {
            let mut pairs: Vec<(u64, u32)> = run.keys.iter().copied().zip(run.counts.iter().copied()).collect();
            pairs.sort_unstable_by_key(|p| p.0);
            run.keys = pairs.iter().map(|p| p.0).collect();
            run.counts = pairs.iter().map(|p| p.1).collect();
        }
        runs.push(run);
    }
    Ok(Report {
        kiosks,
        places,
        events,
        items,
        runs,
    })
}

impl Report {
    /// Every merged row in order, equal rows of different sources summed.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        Merge::new(&self.runs)
    }

    /// Every row of every source, unmerged and in no order: for sums.
    pub fn each(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.runs
            .iter()
            .flat_map(|r| r.keys.iter().copied().zip(r.counts.iter().map(|&c| c as u64)))
    }

    /// How many rows the merged table has.
    pub fn len(&self) -> usize {
        self.rows().count()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.keys.is_empty())
    }

    /// The rows as owned strings: small reports and tests.
    pub fn to_rows(&self) -> Vec<CountRow> {
        self.rows()
            .map(|r| CountRow {
                hour: hour_text(r.hour),
                kiosk: self.kiosks[r.kiosk as usize].clone(),
                vindplaats: self.places[r.place as usize].clone(),
                event: self.events[r.event as usize].clone(),
                item: self.items[r.item as usize].clone(),
                count: r.count,
            })
            .collect()
    }

    /// The number of an event by its name.
    pub fn event(&self, name: &str) -> Option<u32> {
        self.events
            .binary_search_by(|e| e.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    pub fn item(&self, name: &str) -> Option<u32> {
        self.items
            .binary_search_by(|e| e.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    pub fn summary(&self) -> Summary {
        Summary::of(self)
    }
}

/// A k-way merge of sorted runs.
struct Merge<'a> {
    runs: &'a [Run],
    at: Vec<usize>,
    heap: BinaryHeap<std::cmp::Reverse<(u64, usize)>>,
}

impl<'a> Merge<'a> {
    fn new(runs: &'a [Run]) -> Self {
        let mut heap = BinaryHeap::with_capacity(runs.len());
        for (i, r) in runs.iter().enumerate() {
            if let Some(&k) = r.keys.first() {
                heap.push(std::cmp::Reverse((k, i)));
            }
        }
        Merge {
            runs,
            at: vec![0; runs.len()],
            heap,
        }
    }

    fn advance(&mut self, run: usize) -> u64 {
        let r = &self.runs[run];
        let count = r.counts[self.at[run]] as u64;
        self.at[run] += 1;
        if let Some(&k) = r.keys.get(self.at[run]) {
            self.heap.push(std::cmp::Reverse((k, run)));
        }
        count
    }
}

impl Iterator for Merge<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        let std::cmp::Reverse((key, run)) = self.heap.pop()?;
        let mut count = self.advance(run);
        while let Some(&std::cmp::Reverse((k, r))) = self.heap.peek() {
            if k != key {
                break;
            }
            self.heap.pop();
            count += self.advance(r);
        }
        let (hour, kiosk, place, event, item) = unpack(key);
        Some(Row {
            hour,
            kiosk,
            place,
            event,
            item,
            count,
        })
    }
}

#[cfg(test)]
mod tests;
