//! Anonymous counters in SQLite: one row per (hour bucket, kiosk, vindplaats,
//! event, item) with a count. No times finer than the hour, no ids, no text.
//!
//! Writes happen on a writer thread: the UI hands a tap over and never waits for
//! the disk. Every commit is durable (WAL + `synchronous=FULL`) before the tap is
//! acknowledged. When the disk is full or the folder unwritable, taps wait in a
//! bounded in-memory queue (aggregated per key) and are retried.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, params};

pub const DB_FILE: &str = "counts.sqlite";
/// The schema version this program writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// One counted tap, already bucketed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tap {
    pub hour: String,
    pub kiosk: String,
    pub vindplaats: String,
    pub event: String,
    pub item: String,
}

/// A counter as read back (the core's row, which the report merges).
pub use rookvrij_core::report::{CountRow, RawCountRef};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "de database {path} is gemaakt door een nieuwere versie van rookvrij-kiosk (schema {found}, deze versie kent {SCHEMA_VERSION}); gebruik de nieuwere versie"
    )]
    TooNew { path: PathBuf, found: i64 },
    #[error("de database {path} is beschadigd: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("database {path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("map {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What the team screen shows about storage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    /// The writer has not finished its first attempt to open the database.
    pub opening: bool,
    /// The database is open and the last commit worked.
    pub ok: bool,
    pub last_error: Option<String>,
    /// Taps acknowledged by the store (durably committed) since start.
    pub committed: u64,
    /// Taps waiting in memory for the disk.
    pub waiting: u64,
    /// Taps that could not even be queued (the queue was full).
    pub dropped: u64,
    /// Where a corrupt database was moved aside, if that happened.
    pub moved_aside: Option<PathBuf>,
}

pub type AckFn = Box<dyn FnMut(u64) + Send>;

pub struct StoreOptions {
    /// `synchronous=FULL`; switched off only by the power-cut test to prove it catches loss.
    pub synchronous_full: bool,
    /// Distinct keys the in-memory queue may hold while the disk refuses writes.
    pub max_waiting_keys: usize,
    pub retry_every: Duration,
    /// Called on the writer thread with the running total after each committed tap.
    pub on_ack: Option<AckFn>,
    /// A quota in pages (`PRAGMA max_page_count`), applied before each commit;
    /// the disk-full tests lower it and raise it again ("space comes back").
    pub max_page_count: Option<Arc<AtomicU64>>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            synchronous_full: true,
            max_waiting_keys: 50_000,
            retry_every: Duration::from_secs(2),
            on_ack: None,
            max_page_count: None,
        }
    }
}

/// Counts moved from one key to another: undated counts getting their hour
/// once the team has set the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub from: Tap,
    pub to: Tap,
    pub n: u64,
}

enum Msg {
    Tap(Tap),
    Redate(Vec<Move>),
    Flush(mpsc::Sender<()>),
    Stop,
}

/// The handle the controller records through. Cheap to clone the sender side.
pub struct Store {
    tx: mpsc::Sender<Msg>,
    health: Arc<Mutex<Health>>,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the counters in `data_dir` and starts the writer,
    /// waiting (at most 30 s) for the first attempt so that `health()` tells
    /// its outcome: for the command line and tests.
    /// Opening problems do not fail: they show in `health()` and are retried.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Store {
        let store = Store::start(data_dir, options);
        store.wait_opened(Duration::from_secs(30));
        store
    }

    /// Starts the writer, which opens the database on its own thread: the
    /// kiosk's first frame does not wait for the disk. Taps recorded before
    /// the database is open wait in memory and are committed (and only then
    /// acknowledged) as soon as it is.
    pub fn start(data_dir: &Path, options: StoreOptions) -> Store {
        let path = data_dir.join(DB_FILE);
        let health = Arc::new(Mutex::new(Health {
            opening: true,
            ..Health::default()
        }));
        let (tx, rx) = mpsc::channel();
        let writer = Writer {
            dir: data_dir.to_path_buf(),
            path: path.clone(),
            conn: None,
            waiting: BTreeMap::new(),
            moves: Vec::new(),
            waiting_taps: 0,
            committed: 0,
            health: health.clone(),
            options,
        };
        let thread = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer.run(rx))
            .ok();
        Store {
            tx,
            health,
            thread,
            path,
        }
    }

    /// Waits at most `timeout` for the writer's first attempt to open the
    /// database. True when that attempt is over (whatever its outcome).
    pub fn wait_opened(&self, timeout: Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        loop {
            if !self.health().opening {
                return true;
            }
            if self.thread.as_ref().is_none_or(|t| t.is_finished()) || std::time::Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Hands a tap to the writer. Never blocks on the disk.
    pub fn record(&self, tap: Tap) {
        let _ = self.tx.send(Msg::Tap(tap));
    }

    /// Moves counts to another key (after every tap handed over before).
    pub fn redate(&self, moves: Vec<Move>) {
        let _ = self.tx.send(Msg::Redate(moves));
    }

    /// Waits until every tap handed over so far is committed, or the timeout passes.
    /// Returns whether everything is committed.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Msg::Flush(tx)).is_err() {
            return false;
        }
        rx.recv_timeout(timeout).is_ok()
    }

    pub fn health(&self) -> Health {
        self.health.lock().map(|h| h.clone()).unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Writer {
    dir: PathBuf,
    path: PathBuf,
    conn: Option<Connection>,
    waiting: BTreeMap<Tap, u64>,
    /// Moves still to be done in the database.
    moves: Vec<Move>,
    waiting_taps: u64,
    committed: u64,
    health: Arc<Mutex<Health>>,
    options: StoreOptions,
}

impl Writer {
    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        self.ensure_open();
        if let Ok(mut h) = self.health.lock() {
            h.opening = false;
        }
        let mut flush_waiters: Vec<mpsc::Sender<()>> = Vec::new();
        let mut stopping = false;
        loop {
            let first = if self.waiting.is_empty() && self.moves.is_empty() {
                match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return,
                }
            } else {
                match rx.recv_timeout(self.options.retry_every) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => {
                        stopping = true;
                        None
                    }
                }
            };
            let mut messages: Vec<Msg> = first.into_iter().collect();
            messages.extend(rx.try_iter());
            for m in messages {
                match m {
                    Msg::Tap(tap) => self.enqueue(tap),
                    Msg::Redate(moves) => self.redate(moves),
                    Msg::Flush(w) => flush_waiters.push(w),
                    Msg::Stop => stopping = true,
                }
            }
            if !self.waiting.is_empty() || !self.moves.is_empty() {
                self.try_commit();
            }
            self.publish();
            if self.waiting.is_empty() && self.moves.is_empty() {
                for w in flush_waiters.drain(..) {
                    let _ = w.send(());
                }
            }
            if stopping {
                return;
            }
        }
    }

    fn enqueue(&mut self, tap: Tap) {
        if let Some(n) = self.waiting.get_mut(&tap) {
            *n += 1;
        } else if self.waiting.len() < self.options.max_waiting_keys {
            self.waiting.insert(tap, 1);
        } else {
            if let Ok(mut h) = self.health.lock() {
                h.dropped += 1;
            }
            return;
        }
        self.waiting_taps += 1;
    }

    /// Moves what still waits in memory at once; the rest in the next commit.
    fn redate(&mut self, moves: Vec<Move>) {
        for mut m in moves {
            if let Some(w) = self.waiting.get_mut(&m.from) {
                let here = (*w).min(m.n);
                *w -= here;
                if *w == 0 {
                    self.waiting.remove(&m.from);
                }
                *self.waiting.entry(m.to.clone()).or_insert(0) += here;
                m.n -= here;
            }
            if m.n > 0 {
                self.moves.push(m);
            }
        }
    }

    fn try_commit(&mut self) {
        if !self.ensure_open() {
            return;
        }
        let Some(conn) = self.conn.as_mut() else { return };
        if let Some(quota) = &self.options.max_page_count {
            let _ = conn.pragma_update(None, "max_page_count", quota.load(Ordering::Relaxed) as i64);
        }
        match commit(conn, &self.waiting, &self.moves) {
            Ok(()) => {
                let n = self.waiting_taps;
                self.waiting.clear();
                self.moves.clear();
                self.waiting_taps = 0;
                for _ in 0..n {
                    self.committed += 1;
                    if let Some(ack) = self.options.on_ack.as_mut() {
                        ack(self.committed);
                    }
                }
                self.set_ok();
            }
            Err(e) => {
                let corrupt = is_corruption(&e);
                self.set_error(describe(&self.path, &e));
                if corrupt {
                    self.conn = None;
                    self.move_aside_and_reopen(&e.to_string());
                }
            }
        }
    }

    /// Opens the database if it is not open. Returns whether it is open.
    fn ensure_open(&mut self) -> bool {
        if self.conn.is_some() {
            return true;
        }
        if let Err(e) = std::fs::create_dir_all(&self.dir) {
            self.set_error(format!("kan de datamap {} niet maken: {e}", self.dir.display()));
            return false;
        }
        match open_db(&self.path, &self.options) {
            Ok(conn) => {
                self.conn = Some(conn);
                self.set_ok();
                true
            }
            Err(StoreError::Corrupt { detail, .. }) => self.move_aside_and_reopen(&detail),
            Err(e) => {
                self.set_error(e.to_string());
                false
            }
        }
    }

    /// A corrupt database is renamed aside together with its -wal and -shm,
    /// and a fresh one is started. Nothing is deleted.
    fn move_aside_and_reopen(&mut self, detail: &str) -> bool {
        let stamp = chrono::Local::now().format("%Y%m%d");
        let mut aside = self.path.with_file_name(format!("{DB_FILE}.beschadigd-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = self.path.with_file_name(format!("{DB_FILE}.beschadigd-{stamp}-{n}"));
        }
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", self.path.display()));
            if from.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                if let Err(e) = std::fs::rename(&from, &to) {
                    self.set_error(format!("beschadigde database kon niet opzij: {e}"));
                    return false;
                }
            }
        }
        eprintln!(
            "rookvrij-kiosk: database beschadigd ({detail}); opzij gezet als {} en opnieuw begonnen",
            aside.display()
        );
        if let Ok(mut h) = self.health.lock() {
            h.moved_aside = Some(aside);
        }
        match open_db(&self.path, &self.options) {
            Ok(conn) => {
                self.conn = Some(conn);
                self.set_ok();
                true
            }
            Err(e) => {
                self.set_error(e.to_string());
                false
            }
        }
    }

    fn set_ok(&self) {
        if let Ok(mut h) = self.health.lock() {
            h.ok = true;
            h.last_error = None;
        }
    }

    fn set_error(&self, message: String) {
        if let Ok(mut h) = self.health.lock() {
            if h.last_error.as_ref() != Some(&message) {
                eprintln!("rookvrij-kiosk: opslag: {message}");
            }
            h.ok = false;
            h.last_error = Some(message);
        }
    }

    fn publish(&self) {
        if let Ok(mut h) = self.health.lock() {
            h.committed = self.committed;
            h.waiting = self.waiting_taps;
        }
    }
}

fn commit(conn: &mut Connection, waiting: &BTreeMap<Tap, u64>, moves: &[Move]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut add = tx.prepare(
            "INSERT INTO counts (hour, kiosk, vindplaats, event, item, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (hour, kiosk, vindplaats, event, item) DO UPDATE SET n = n + excluded.n",
        )?;
        for (t, n) in waiting {
            add.execute(params![t.hour, t.kiosk, t.vindplaats, t.event, t.item, *n as i64])?;
        }
        // A move takes no more than the row holds: nothing is made up, nothing lost.
        let mut take = tx.prepare(
            "UPDATE counts SET n = n - ?6 WHERE hour = ?1 AND kiosk = ?2 AND vindplaats = ?3 AND event = ?4
             AND item = ?5 AND n >= ?6",
        )?;
        for m in moves {
            let f = &m.from;
            if take.execute(params![f.hour, f.kiosk, f.vindplaats, f.event, f.item, m.n as i64])? == 1 {
                let t = &m.to;
                add.execute(params![t.hour, t.kiosk, t.vindplaats, t.event, t.item, m.n as i64])?;
            }
        }
        if !moves.is_empty() {
            tx.execute("DELETE FROM counts WHERE n = 0", [])?;
        }
    }
    tx.commit()
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase)
    )
}

fn describe(path: &Path, e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => format!("de schijf is vol ({}); tikken wachten in het geheugen", path.display()),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) | Some(ErrorCode::CannotOpen) => {
            format!(
                "kan niet schrijven in {}; tikken wachten in het geheugen",
                path.display()
            )
        }
        _ => format!("database {}: {e}", path.display()),
    }
}

fn open_db(path: &Path, options: &StoreOptions) -> Result<Connection, StoreError> {
    let sql = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open(path).map_err(sql)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
    let check = (|| -> rusqlite::Result<String> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(
            None,
            "synchronous",
            if options.synchronous_full { "FULL" } else { "NORMAL" },
        )?;
        conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
    })();
    match check {
        Ok(s) if s == "ok" => {}
        Ok(s) => {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: s,
            });
        }
        Err(e) if is_corruption(&e) => {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
        Err(e) => return Err(sql(e)),
    }
    migrate(&conn).map_err(|e| match e {
        MigrateError::TooNew(found) => StoreError::TooNew {
            path: path.to_path_buf(),
            found,
        },
        MigrateError::Sql(e) if is_corruption(&e) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        MigrateError::Sql(e) => sql(e),
    })?;
    Ok(conn)
}

enum MigrateError {
    TooNew(i64),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}

/// Each step in its own transaction; a database newer than this program is refused.
fn migrate(conn: &Connection) -> Result<(), MigrateError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(MigrateError::TooNew(version));
    }
    if version < 1 {
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE IF NOT EXISTS counts (
                 hour TEXT NOT NULL,
                 kiosk TEXT NOT NULL,
                 vindplaats TEXT NOT NULL,
                 event TEXT NOT NULL,
                 item TEXT NOT NULL,
                 n INTEGER NOT NULL,
                 PRIMARY KEY (hour, kiosk, vindplaats, event, item)
             ) WITHOUT ROWID;
             PRAGMA user_version = 1;
             COMMIT;",
        )?;
    }
    Ok(())
}

/// Reads every counter of a data folder (read-only), sorted.
pub fn read_counts(data_dir: &Path) -> Result<Vec<CountRow>, StoreError> {
    read_counts_from(data_dir, "")
}

/// The counters of `first_hour` (`2026-11-23T00`) and later: the kiosk's
/// start reads today only, however long it has been counting.
pub fn read_counts_from(data_dir: &Path, first_hour: &str) -> Result<Vec<CountRow>, StoreError> {
    let mut rows = Vec::new();
    scan_counts(data_dir, first_hour, "\u{10FFFF}", |r| {
        rows.push(CountRow {
            hour: r.hour.to_string(),
            kiosk: r.kiosk.to_string(),
            vindplaats: r.vindplaats.to_string(),
            event: r.event.to_string(),
            item: r.item.to_string(),
            count: r.count,
        })
    })?;
    Ok(rows)
}

/// One stored counter, borrowed while a scan reads it.
#[derive(Debug, Clone, Copy)]
pub struct CountRef<'a> {
    pub hour: &'a str,
    pub kiosk: &'a str,
    pub vindplaats: &'a str,
    pub event: &'a str,
    pub item: &'a str,
    pub count: u64,
}

/// Reads the counters with `first_hour <= hour <= last_hour` of a data folder
/// (read-only), in the order hour, kiosk, vindplaats, event, item, without
/// copying them.
pub fn scan_counts(
    data_dir: &Path,
    first_hour: &str,
    last_hour: &str,
    mut each: impl FnMut(CountRef<'_>),
) -> Result<(), StoreError> {
    let mut bad = false;
    scan_counts_raw(data_dir, first_hour, last_hour, |r| {
        let text = std::str::from_utf8;
        match (
            text(r.hour),
            text(r.kiosk),
            text(r.vindplaats),
            text(r.event),
            text(r.item),
        ) {
            (Ok(hour), Ok(kiosk), Ok(vindplaats), Ok(event), Ok(item)) if !bad => each(CountRef {
                hour,
                kiosk,
                vindplaats,
                event,
                item,
                count: r.count,
            }),
            _ => bad = true,
        }
    })?;
    if bad {
        return Err(StoreError::Corrupt {
            path: data_dir.join(DB_FILE),
            detail: "een telling bevat tekst die geen UTF-8 is".into(),
        });
    }
    Ok(())
}

/// [`scan_counts`] as bytes: a report over a hundred kiosks stays small and fast.
pub fn scan_counts_raw(
    data_dir: &Path,
    first_hour: &str,
    last_hour: &str,
    mut each: impl FnMut(RawCountRef<'_>),
) -> Result<(), StoreError> {
    let path = data_dir.join(DB_FILE);
    if !path.exists() {
        return Err(StoreError::Io {
            path: path.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "geen tellingen gevonden (counts.sqlite ontbreekt)",
            ),
        });
    }
    let sql = |source| StoreError::Sqlite {
        path: path.clone(),
        source,
    };
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.clone(),
            found: version,
        });
    }
    if version == 0 {
        return Ok(());
    }
    // Read the file through memory mapping: no copy through the page cache.
    let _ = conn.pragma_update(None, "mmap_size", 1i64 << 30);
    // Every hour asked: no comparison per row.
    let everything = first_hour.is_empty() && last_hour == "\u{10FFFF}";
    let mut stmt = conn
        .prepare(if everything {
            "SELECT hour, kiosk, vindplaats, event, item, n FROM counts ORDER BY hour, kiosk, vindplaats, event, item"
        } else {
            "SELECT hour, kiosk, vindplaats, event, item, n FROM counts WHERE hour >= ?1 AND hour <= ?2 \
             ORDER BY hour, kiosk, vindplaats, event, item"
        })
        .map_err(sql)?;
    let mut rows = if everything {
        stmt.query([]).map_err(sql)?
    } else {
        stmt.query([first_hour, last_hour]).map_err(sql)?
    };
    while let Some(r) = rows.next().map_err(sql)? {
        let text = |i: usize| -> Result<&[u8], rusqlite::Error> {
            r.get_ref(i)?
                .as_bytes()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
        };
        each(RawCountRef {
            hour: text(0).map_err(sql)?,
            kiosk: text(1).map_err(sql)?,
            vindplaats: text(2).map_err(sql)?,
            event: text(3).map_err(sql)?,
            item: text(4).map_err(sql)?,
            count: r.get::<_, i64>(5).map_err(sql)?.max(0) as u64,
        });
    }
    Ok(())
}

/// The newest dated hour counted in a data folder (`2026-11-23T14`): the
/// clock cannot be right if it reads earlier. None when nothing is counted.
pub fn newest_hour(data_dir: &Path) -> Option<String> {
    let path = data_dir.join(DB_FILE);
    if !path.exists() {
        return None;
    }
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    // Dated hours start with a digit; "onbekend" does not.
    conn.query_row("SELECT max(hour) FROM counts WHERE hour < 'A'", [], |r| {
        r.get::<_, Option<String>>(0)
    })
    .ok()
    .flatten()
}

/// `PRAGMA integrity_check` of a data folder's database: "ok" when sound.
pub fn integrity_check(data_dir: &Path) -> Result<String, StoreError> {
    let path = data_dir.join(DB_FILE);
    let conn = Connection::open(&path).map_err(|source| StoreError::Sqlite {
        path: path.clone(),
        source,
    })?;
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|source| StoreError::Sqlite {
            path: path.clone(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tap(event: &str, item: &str) -> Tap {
        Tap {
            hour: "2026-11-23T14".into(),
            kiosk: "k".into(),
            vindplaats: "markt".into(),
            event: event.into(),
            item: item.into(),
        }
    }

    #[test]
    fn undated_counts_move_to_their_hour_from_memory_and_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let undated = |e: &str| Tap {
            hour: crate::clock::UNDATED.into(),
            ..tap(e, "x")
        };
        let store = Store::open(dir.path(), StoreOptions::default());
        for _ in 0..3 {
            store.record(undated("visit_start"));
        }
        assert!(store.flush(Duration::from_secs(10)));
        assert_eq!(newest_hour(dir.path()), None);
        store.record(undated("visit_start"));
        store.record(tap("visit_start", "x"));
        let to = |h: &str| Tap {
            hour: h.into(),
            ..tap("visit_start", "x")
        };
        // Two to 13h, two to 14h; one more than there is is not made up.
        store.redate(vec![
            Move {
                from: undated("visit_start"),
                to: to("2026-11-23T13"),
                n: 2,
            },
            Move {
                from: undated("visit_start"),
                to: to("2026-11-23T14"),
                n: 2,
            },
            Move {
                from: undated("wheel_spin"),
                to: to("2026-11-23T14"),
                n: 1,
            },
        ]);
        assert!(store.flush(Duration::from_secs(10)));
        let rows = read_counts(dir.path()).unwrap();
        let n = |h: &str| rows.iter().filter(|r| r.hour == h).map(|r| r.count).sum::<u64>();
        assert_eq!(
            (n("2026-11-23T13"), n("2026-11-23T14"), n("onbekend")),
            (2, 3, 0),
            "{rows:?}"
        );
        assert_eq!(store.health().committed, 5);
        assert_eq!(newest_hour(dir.path()).as_deref(), Some("2026-11-23T14"));
    }

    #[test]
    fn taps_are_counted_per_key() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path(), StoreOptions::default());
            for _ in 0..3 {
                store.record(tap("wheel_spin", "geld"));
            }
            store.record(tap("visit_start", ""));
            assert!(store.flush(Duration::from_secs(10)));
            assert_eq!(store.health().committed, 4);
            assert!(store.health().ok);
        }
        let rows = read_counts(dir.path()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.iter().find(|r| r.event == "wheel_spin").unwrap().count, 3);
        assert_eq!(integrity_check(dir.path()).unwrap(), "ok");
    }

    #[test]
    fn reading_from_an_hour_leaves_out_earlier_days() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path(), StoreOptions::default());
            store.record(Tap {
                hour: "2026-11-22T23".into(),
                ..tap("quiz_guess_range", "pot/300-399")
            });
            store.record(tap("quiz_guess_range", "pot/300-399"));
            assert!(store.flush(Duration::from_secs(10)));
        }
        let today = read_counts_from(dir.path(), "2026-11-23").unwrap();
        assert_eq!(today.len(), 1);
        assert_eq!(today[0].hour, "2026-11-23T14");
        assert_eq!(read_counts(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn acks_count_every_tap_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let acks = Arc::new(Mutex::new(Vec::new()));
        let seen = acks.clone();
        let store = Store::open(
            dir.path(),
            StoreOptions {
                on_ack: Some(Box::new(move |n| seen.lock().unwrap().push(n))),
                ..Default::default()
            },
        );
        for i in 0..20 {
            store.record(tap("story_open", &format!("s{}", i % 3)));
        }
        assert!(store.flush(Duration::from_secs(10)));
        assert_eq!(*acks.lock().unwrap(), (1..=20).collect::<Vec<u64>>());
    }

    #[test]
    fn a_corrupt_database_is_moved_aside_and_counting_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DB_FILE), vec![0x42u8; 8192]).unwrap();
        std::fs::write(dir.path().join(format!("{DB_FILE}-wal")), b"junk").unwrap();
        let store = Store::open(dir.path(), StoreOptions::default());
        store.record(tap("visit_start", ""));
        assert!(store.flush(Duration::from_secs(10)));
        let h = store.health();
        assert!(h.ok, "{h:?}");
        let aside = h.moved_aside.expect("moved aside");
        assert!(aside.exists());
        // The old -wal went along (or SQLite had already folded it away): it never
        // stays beside the new database, where it could be replayed into it.
        let wal = std::fs::read(dir.path().join(format!("{DB_FILE}-wal"))).unwrap_or_default();
        assert!(!wal.starts_with(b"junk"));
        drop(store);
        assert_eq!(read_counts(dir.path()).unwrap().len(), 1);
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        {
            let c = Connection::open(dir.path().join(DB_FILE)).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let store = Store::open(
            dir.path(),
            StoreOptions {
                retry_every: Duration::from_millis(20),
                ..Default::default()
            },
        );
        store.record(tap("visit_start", ""));
        assert!(!store.flush(Duration::from_millis(200)));
        let h = store.health();
        assert!(!h.ok);
        assert!(h.last_error.unwrap().contains("nieuwere versie"));
        assert_eq!(h.waiting, 1);
    }

    #[test]
    fn disk_full_keeps_taps_waiting_and_retries_when_space_returns() {
        let dir = tempfile::tempdir().unwrap();
        let quota = Arc::new(AtomicU64::new(1_000_000));
        let store = Store::open(
            dir.path(),
            StoreOptions {
                max_page_count: Some(quota.clone()),
                retry_every: Duration::from_millis(20),
                ..Default::default()
            },
        );
        store.record(tap("visit_start", ""));
        assert!(store.flush(Duration::from_secs(10)));
        // The disk fills up: the database may not grow past what it has.
        quota.store(3, Ordering::Relaxed);
        for i in 0..400 {
            store.record(tap("wheel_spin", &format!("onderwerp-met-een-lange-naam-{i}")));
        }
        assert!(
            !store.flush(Duration::from_millis(300)),
            "the quota must make commits fail"
        );
        let h = store.health();
        assert!(!h.ok);
        assert!(
            h.last_error.clone().unwrap().contains("vol"),
            "disk full is said plainly"
        );
        // A first tap or two may still fit in the last free page.
        assert!(h.waiting > 350, "{h:?}");
        assert_eq!(h.committed + h.waiting, 401);
        // Space comes back: the waiting taps are written without anyone asking.
        quota.store(1_000_000, Ordering::Relaxed);
        assert!(store.flush(Duration::from_secs(10)));
        let h = store.health();
        assert!(h.ok);
        assert_eq!((h.committed, h.waiting), (401, 0));
        drop(store);
        let total: u64 = read_counts(dir.path()).unwrap().iter().map(|r| r.count).sum();
        assert_eq!(total, 401);
    }
}
