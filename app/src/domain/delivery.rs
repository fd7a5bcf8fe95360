//! Delivery estimates: when an order placed now leaves the warehouse and when it arrives, from
//! the store's settings (handling days, the daily cut-off in the store's time zone, each
//! shipping method's business days). Weekends are not business days.

use serde::{Deserialize, Serialize};

use super::order::ShippingMethod;
use super::order_view::civil_from_days;

/// The fewest and most business days a carrier takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub min: u8,
    pub max: u8,
}

/// How fast orders leave and arrive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverySettings {
    /// Business days between an order (before the cut-off) and its parcel leaving.
    pub handling_days: u8,
    /// Orders before this minute of a business day (store time) count from that day.
    pub cutoff_minute: u16,
    /// The store's IANA time zone ("America/New_York").
    pub time_zone: String,
    pub standard: DayRange,
    pub express: DayRange,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            handling_days: 0,
            cutoff_minute: 14 * 60,
            time_zone: "America/New_York".into(),
            standard: DayRange { min: 3, max: 5 },
            express: DayRange { min: 1, max: 2 },
        }
    }
}

impl DeliverySettings {
    pub fn days(&self, method: ShippingMethod) -> DayRange {
        match method {
            ShippingMethod::Standard => self.standard,
            ShippingMethod::Express => self.express,
        }
    }
}

/// The store's clock: now (Unix seconds) and its time zone's offset from UTC now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreClock {
    pub unix: i64,
    pub offset_secs: i32,
}

/// What a shopper is promised, written out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryPromise {
    /// "Order within 3 h 5 min and it ships today", or "Ships Mon, Dec 7".
    pub ships: String,
    /// "Tue, Dec 8 – Thu, Dec 10" (one date when the carrier's range is one day).
    pub arrives: String,
}

/// The promise for an order placed at `clock` and sent with a carrier taking `days`.
pub fn promise(clock: StoreClock, settings: &DeliverySettings, days: DayRange) -> DeliveryPromise {
    let local = clock.unix + i64::from(clock.offset_secs);
    let today = local.div_euclid(86_400);
    let minute = (local.rem_euclid(86_400) / 60) as u16;
    let counts_today = is_business_day(today) && minute < settings.cutoff_minute;
    let first = if counts_today {
        today
    } else {
        next_business_day(today)
    };
    let ship_day = add_business_days(first, settings.handling_days);
    let when = match ship_day - today {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        _ => day_label(ship_day),
    };
    let ships = if counts_today {
        let left = settings.cutoff_minute - minute;
        format!("Order within {} and it ships {when}", duration_label(left))
    } else {
        format!("Ships {when}")
    };
    let (from, by) = (
        add_business_days(ship_day, days.min),
        add_business_days(ship_day, days.max.max(days.min)),
    );
    let arrives = if from == by {
        day_label(from)
    } else {
        format!("{} – {}", day_label(from), day_label(by))
    };
    DeliveryPromise { ships, arrives }
}

/// Monday 0 … Sunday 6 (1970-01-01, day 0, was a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn is_business_day(day: i64) -> bool {
    weekday(day) < 5
}

/// The first business day after `day`.
fn next_business_day(day: i64) -> i64 {
    let mut next = day + 1;
    while !is_business_day(next) {
        next += 1;
    }
    next
}

/// `n` business days after `day` (`day` itself for 0, even on a weekend).
fn add_business_days(day: i64, n: u8) -> i64 {
    (0..n).fold(day, |d, _| next_business_day(d))
}

/// "Tue, Dec 8".
pub fn day_label(day: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_, month, date) = civil_from_days(day);
    format!(
        "{}, {} {date}",
        DAYS[weekday(day) as usize],
        MONTHS[(month - 1) as usize]
    )
}

/// "3 h 5 min", "45 min", "2 h".
fn duration_label(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC date and time.
    fn at(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> i64 {
        // Days from civil (Howard Hinnant), the inverse of `civil_from_days`.
        let y = if mo <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (mo + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400 + h * 3600 + mi * 60
    }

    const NEW_YORK_WINTER: i32 = -5 * 3600;

    fn clock(unix: i64) -> StoreClock {
        StoreClock {
            unix,
            offset_secs: NEW_YORK_WINTER,
        }
    }

    #[test]
    fn before_the_cut_off_it_ships_today() {
        let settings = DeliverySettings::default();
        // Friday Dec 4 2026, 10:55 in New York (15:55 UTC).
        let p = promise(clock(at(2026, 12, 4, 15, 55)), &settings, settings.standard);
        assert_eq!(p.ships, "Order within 3 h 5 min and it ships today");
        // 3 to 5 business days after Friday: Wednesday to Friday.
        assert_eq!(p.arrives, "Wed, Dec 9 – Fri, Dec 11");
        let p = promise(clock(at(2026, 12, 4, 15, 55)), &settings, settings.express);
        assert_eq!(p.arrives, "Mon, Dec 7 – Tue, Dec 8");
    }

    #[test]
    fn after_the_cut_off_and_on_weekends_it_ships_the_next_business_day() {
        let settings = DeliverySettings::default();
        // Friday 14:00 in New York: the cut-off has passed, Monday is next.
        let p = promise(clock(at(2026, 12, 4, 19, 0)), &settings, settings.standard);
        assert_eq!(p.ships, "Ships Mon, Dec 7");
        assert_eq!(p.arrives, "Thu, Dec 10 – Mon, Dec 14");
        // Sunday morning: Monday.
        let p = promise(clock(at(2026, 12, 6, 14, 0)), &settings, settings.express);
        assert_eq!(p.ships, "Ships tomorrow");
        // Thursday evening: Friday.
        let p = promise(clock(at(2026, 12, 3, 23, 0)), &settings, settings.express);
        assert_eq!(p.ships, "Ships tomorrow");
    }

    #[test]
    fn the_store_time_zone_decides_the_day() {
        let settings = DeliverySettings::default();
        // 02:30 UTC on Saturday is still Friday 21:30 in New York: past the cut-off.
        let p = promise(clock(at(2026, 12, 5, 2, 30)), &settings, settings.standard);
        assert_eq!(p.ships, "Ships Mon, Dec 7");
        // The same instant in Tokyo (UTC+9) is Saturday 11:30.
        let tokyo = StoreClock {
            unix: at(2026, 12, 5, 2, 30),
            offset_secs: 9 * 3600,
        };
        assert_eq!(
            promise(tokyo, &settings, settings.standard).ships,
            "Ships Mon, Dec 7"
        );
        // Monday 00:00 UTC is 09:00 in Tokyo: five hours before the cut-off there.
        let tokyo = StoreClock {
            unix: at(2026, 12, 7, 0, 0),
            offset_secs: 9 * 3600,
        };
        assert_eq!(
            promise(tokyo, &settings, settings.standard).ships,
            "Order within 5 h and it ships today"
        );
    }

    #[test]
    fn handling_days_come_before_the_carrier() {
        let settings = DeliverySettings {
            handling_days: 2,
            standard: DayRange { min: 2, max: 2 },
            ..DeliverySettings::default()
        };
        // Thursday Dec 3, 09:00: counts from Thursday, leaves Monday (two business days).
        let p = promise(clock(at(2026, 12, 3, 14, 0)), &settings, settings.standard);
        assert_eq!(p.ships, "Order within 5 h and it ships Mon, Dec 7");
        assert_eq!(p.arrives, "Wed, Dec 9");
        assert_eq!(duration_label(45), "45 min");
        assert_eq!(duration_label(120), "2 h");
    }

    #[test]
    fn days_are_labelled_across_months_and_years() {
        // 2026-12-31 is a Thursday; 2027-01-01 a Friday.
        let dec31 = at(2026, 12, 31, 0, 0) / 86_400;
        assert_eq!(day_label(dec31), "Thu, Dec 31");
        assert_eq!(day_label(dec31 + 1), "Fri, Jan 1");
        assert_eq!(add_business_days(dec31, 2), dec31 + 4);
    }
}
