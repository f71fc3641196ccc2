//! `report`: merges the counters of any number of kiosks (data folders or
//! exported JSON files) and writes them as a terminal table, CSV for Dutch
//! Excel, JSON, an Excel workbook or one self-contained HTML page.
//!
//! Built for a funder's question over many kiosks: a year of 100 kiosks is
//! about 15 million hour rows. They are kept as 12 bytes a row (a packed key
//! of interned names plus a count), read without copying strings, and written
//! in one streaming pass; see "How fast the report is" in the README.

pub mod bench;
mod html;
mod summary;
mod write;
mod xlsx;

use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::store::{self, CountRef, CountRow};

pub use html::write_html;
pub use summary::{Funnel, Summary};
pub use write::{write_csv, write_json, write_table};
pub use xlsx::{Grain, write_xlsx};

#[derive(Debug, Clone)]
pub enum ReportSource {
    Data(PathBuf),
    Import(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
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
    if s == crate::clock::UNDATED {
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
        return crate::clock::UNDATED.to_string();
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
    index: HashMap<String, u32>,
    last: Option<u32>,
}

impl Interner {
    fn new(what: &'static str, bits: u32) -> Self {
        Interner {
            what,
            max: 1 << bits,
            list: Vec::new(),
            index: HashMap::new(),
            last: None,
        }
    }

    fn id(&mut self, s: &str) -> Result<u32, ReportError> {
        if let Some(last) = self.last
            && self.list[last as usize] == s
        {
            return Ok(last);
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
                let id = self.list.len() as u32;
                self.list.push(s.to_string());
                self.index.insert(s.to_string(), id);
                id
            }
        };
        self.last = Some(id);
        Ok(id)
    }

    /// The names sorted, and for each old number its place in that order.
    fn sorted(self) -> (Vec<String>, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.list.len() as u32).collect();
        order.sort_by(|&a, &b| self.list[a as usize].cmp(&self.list[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &old) in order.iter().enumerate() {
            rank[old as usize] = r as u32;
        }
        let names = order.iter().map(|&i| self.list[i as usize].clone()).collect();
        (names, rank)
    }
}

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
    last_hour: Option<(String, u32)>,
    first: u32,
    last: u32,
}

impl Reader {
    fn key(&mut self, r: &CountRef<'_>) -> Result<Option<u64>, String> {
        let hour = match &self.last_hour {
            Some((text, h)) if text == r.hour => *h,
            _ => {
                let h =
                    parse_hour(r.hour).ok_or_else(|| format!("uur \"{}\" heeft niet de vorm 2026-11-23T14", r.hour))?;
                self.last_hour = Some((r.hour.to_string(), h));
                h
            }
        };
        if hour < self.first || hour > self.last {
            return Ok(None);
        }
        if hour as u64 > mask(HOUR_BITS) {
            return Err(format!("uur \"{}\" ligt te ver in de toekomst", r.hour));
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

/// Reads and merges all sources, keeping the hours from `from` to `to` (inclusive days).
pub fn collect(
    sources: &[ReportSource],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Report, ReportError> {
    let day_hours = |d: NaiveDate| ((d.num_days_from_ce() - EPOCH_DAYS).max(0) as u32) * 24;
    let mut reader = Reader {
        kiosks: Interner::new("kiosks", KIOSK_BITS),
        places: Interner::new("vindplaatsen", PLACE_BITS),
        events: Interner::new("gebeurtenissen", EVENT_BITS),
        items: Interner::new("onderdelen", ITEM_BITS),
        last_hour: None,
        first: from.map(day_hours).unwrap_or(0),
        last: to.map(|d| day_hours(d) + 23).unwrap_or(u32::MAX),
    };
    let first_text = from.map(|d| format!("{}T00", d.format("%Y-%m-%d"))).unwrap_or_default();
    let last_text = to
        .map(|d| format!("{}T23", d.format("%Y-%m-%d")))
        .unwrap_or_else(|| "\u{10FFFF}".to_string());
    let mut runs = Vec::with_capacity(sources.len());
    for source in sources {
        let mut run = Run::default();
        match source {
            ReportSource::Data(dir) => {
                let mut failed = None;
                let cell = std::cell::RefCell::new(std::mem::take(&mut run));
                store::scan_counts_sized(
                    dir,
                    &first_text,
                    &last_text,
                    |n| {
                        let mut run = cell.borrow_mut();
                        run.keys.reserve_exact(n);
                        run.counts.reserve_exact(n);
                    },
                    |r| {
                        if failed.is_some() {
                            return;
                        }
                        match reader.key(&r) {
                            Ok(Some(key)) => {
                                let mut run = cell.borrow_mut();
                                run.keys.push(key);
                                run.counts.push(r.count.min(u32::MAX as u64) as u32);
                            }
                            Ok(None) => {}
                            Err(message) => failed = Some(message),
                        }
                    },
                )?;
                run = cell.into_inner();
                if let Some(message) = failed {
                    return Err(ReportError::BadRow {
                        path: dir.join(store::DB_FILE).display().to_string(),
                        message,
                    });
                }
            }
            ReportSource::Import(path) => {
                let name = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|source| ReportError::Read {
                    path: name.clone(),
                    source,
                })?;
                let file: ImportFile = serde_json::from_slice(&bytes).map_err(|e| ReportError::Import {
                    path: name.clone(),
                    line: e.line(),
                    column: e.column(),
                    message: format!("dit is geen export van rookvrij-kiosk ({e})"),
                })?;
                run.keys.reserve_exact(file.rows.len());
                run.counts.reserve_exact(file.rows.len());
                for (i, r) in file.rows.iter().enumerate() {
                    let row = CountRef {
                        hour: &r.hour,
                        kiosk: &r.kiosk,
                        vindplaats: &r.vindplaats,
                        event: &r.event,
                        item: &r.item,
                        count: r.count,
                    };
                    match reader.key(&row) {
                        Ok(Some(key)) => {
                            run.keys.push(key);
                            run.counts.push(r.count.min(u32::MAX as u64) as u32);
                        }
                        Ok(None) => {}
                        Err(message) => {
                            return Err(ReportError::BadRow {
                                path: name,
                                message: format!("rij {}: {message}", i + 1),
                            });
                        }
                    }
                }
            }
        }
        runs.push(run);
    }
    let (kiosks, kiosk_rank) = reader.kiosks.sorted();
    let (places, place_rank) = reader.places.sorted();
    let (events, event_rank) = reader.events.sorted();
    let (items, item_rank) = reader.items.sorted();
    for run in &mut runs {
        for key in &mut run.keys {
            let (h, k, p, e, i) = unpack(*key);
            *key = pack(
                h,
                kiosk_rank[k as usize],
                place_rank[p as usize],
                event_rank[e as usize],
                item_rank[i as usize],
            );
        }
        // A data folder's rows come sorted by name, which the ranks keep;
        // an edited export may not be.
        if !run.keys.is_sorted() {
            let mut pairs: Vec<(u64, u32)> = run.keys.iter().copied().zip(run.counts.iter().copied()).collect();
            pairs.sort_unstable_by_key(|p| p.0);
            run.keys = pairs.iter().map(|p| p.0).collect();
            run.counts = pairs.iter().map(|p| p.1).collect();
        }
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
