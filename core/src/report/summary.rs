//! The sums a team and its funder read: totals per event, per kiosk, per day,
//! and the funnel per vindplaats (visits → activities → interest → contact).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::events::Event;

use super::{Report, UNDATED_HOUR, hour_date, unpack};

/// How far people went at one vindplaats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    pub place: String,
    /// `visit_start`
    pub visits: u64,
    /// `activity_open`
    pub activities: u64,
    /// `interest` with `more_info` or `want_to_quit` (not `not_now`)
    pub interest: u64,
    /// `help_contact_show`
    pub contacts: u64,
}

pub struct Summary {
    pub taps: u64,
    /// Counted while the kiosk's clock was wrong: in the totals, on no day.
    pub undated: u64,
    /// First and last dated hour with a count (hours since 2000).
    pub span: Option<(u32, u32)>,
    /// By event number (the report's sorted `events`).
    pub per_event: Vec<u64>,
    /// By kiosk number.
    pub per_kiosk: Vec<u64>,
    pub funnel: Vec<Funnel>,
    /// Visits (`visit_start`) per day.
    pub visits_per_day: BTreeMap<NaiveDate, u64>,
    /// Counts by event and item (`event * items + item`), for the lists of
    /// what was chosen most.
    per_item: Vec<u64>,
    items: usize,
}

impl Summary {
    pub fn of(report: &Report) -> Summary {
        let visit = report.event(Event::VisitStart.name());
        let activity = report.event(Event::ActivityOpen.name());
        let interest = report.event(Event::Interest.name());
        let contact = report.event(Event::HelpContactShow.name());
        let wanted: Vec<u32> = ["more_info", "want_to_quit"]
            .iter()
            .filter_map(|i| report.item(i))
            .collect();
        let mut s = Summary {
            taps: 0,
            undated: 0,
            span: None,
            per_event: vec![0; report.events.len()],
            per_kiosk: vec![0; report.kiosks.len()],
            funnel: report
                .places
                .iter()
                .map(|p| Funnel {
                    place: p.clone(),
                    visits: 0,
                    activities: 0,
                    interest: 0,
                    contacts: 0,
                })
                .collect(),
            visits_per_day: BTreeMap::new(),
            per_item: vec![0; report.events.len() * report.items.len()],
            items: report.items.len(),
        };
        let mut per_day_hour: BTreeMap<u32, u64> = BTreeMap::new();
        for (key, count) in report.each() {
            let (hour, kiosk, place, event, item) = unpack(key);
            s.taps += count;
            if hour == UNDATED_HOUR {
                s.undated += count;
            } else {
                s.span = Some(match s.span {
                    None => (hour, hour),
                    Some((a, b)) => (a.min(hour), b.max(hour)),
                });
            }
            s.per_event[event as usize] += count;
            s.per_kiosk[kiosk as usize] += count;
            let f = &mut s.funnel[place as usize];
            let e = Some(event);
            if e == visit {
                f.visits += count;
                if hour != UNDATED_HOUR {
                    *per_day_hour.entry(hour / 24).or_default() += count;
                }
            } else if e == activity {
                f.activities += count;
            } else if e == interest {
                if wanted.contains(&item) {
                    f.interest += count;
                }
            } else if e == contact {
                f.contacts += count;
            }
            s.per_item[event as usize * s.items + item as usize] += count;
        }
        s.visits_per_day = per_day_hour
            .into_iter()
            .map(|(day, n)| (hour_date(day * 24), n))
            .collect();
        s
    }

    /// The funnel over all vindplaatsen together.
    pub fn total_funnel(&self) -> Funnel {
        let mut t = Funnel {
            place: "samen".to_string(),
            visits: 0,
            activities: 0,
            interest: 0,
            contacts: 0,
        };
        for f in &self.funnel {
            t.visits += f.visits;
            t.activities += f.activities;
            t.interest += f.interest;
            t.contacts += f.contacts;
        }
        t
    }

    /// The items of one event, most counted first.
    pub fn items_of(&self, event: u32) -> Vec<(u32, u64)> {
        let start = event as usize * self.items;
        let mut v: Vec<(u32, u64)> = self
            .per_item
            .get(start..start + self.items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(item, &n)| (item as u32, n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}
