//! Just enough calendar for tallies: ISO 8601 timestamps to epoch milliseconds, and UTC day / hour keys.
//! (No date crate: the core only needs this, and every byte counts in the wasm.)
//! `shown` reads the publication times pages show as words ("8 hours ago", "il y a 3 h", "12 mars").

mod shown;

pub use shown::{read_shown_time, Precision, ShownTime};

/// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (what `time[datetime]` carries) to epoch ms.
/// A timestamp without a zone is taken as UTC. Returns `None` for anything else.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(ms);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    if hour > 23 || minute > 59 {
        return None;
    }
    ms += (hour * 3600 + minute * 60) * 1000;
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        ms += num(i + 1..i + 3)?.min(60) * 1000;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let frac = std::str::from_utf8(&b[start..i.min(start + 3)]).ok()?;
            if !frac.is_empty() {
                ms += frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
            }
        }
    }
    match b.get(i) {
        None | Some(b'Z' | b'z') => Some(ms),
        Some(sign @ (b'+' | b'-')) => {
            let (oh, om) = (
                num(i + 1..i + 3)?,
                num(i + 4..i + 6).or_else(|| num(i + 3..i + 5)).unwrap_or(0),
            );
            let offset = (oh * 60 + om) * 60_000;
            Some(if *sign == b'+' {
                ms - offset
            } else {
                ms + offset
            })
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` of a UTC instant.
pub fn day_key(epoch_ms: i64) -> String {
    let (y, m, d) = civil_from_days(epoch_ms.div_euclid(86_400_000));
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    // Written digit by digit: called for every post counted, where `format!` was a tenth of the time.
    let mut b = *b"0000-00-00";
    put_digits(&mut b[0..4], y as u32);
    put_digits(&mut b[5..7], m as u32);
    put_digits(&mut b[8..10], d as u32);
    String::from_utf8(b.to_vec()).unwrap_or_default()
}

fn put_digits(out: &mut [u8], mut n: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// The UTC hour of an instant, `00` to `23` (a day tally's hour key).
pub fn hour_of_day(epoch_ms: i64) -> String {
    let mut b = *b"00";
    put_digits(&mut b, (epoch_ms.rem_euclid(86_400_000) / 3_600_000) as u32);
    String::from_utf8(b.to_vec()).unwrap_or_default()
}

/// Is `h` an hour of a day's tallies, `00` to `23`?
pub fn is_hour_of_day(h: &str) -> bool {
    h.len() == 2 && h.bytes().all(|b| b.is_ascii_digit()) && h < "24"
}

/// Is `k` a day of the calendar, `YYYY-MM-DD`, written exactly as the engine writes it (not
/// `2025-02-30`, not ` 2025-02-10`)?
pub fn is_day_key(k: &str) -> bool {
    k.len() == 10 && parse_iso8601(k).is_some_and(|ms| day_key(ms) == k)
}

/// Is `k` a trend table's key: an hour `YYYY-MM-DDTHH` or a day `YYYY-MM-DD` of the calendar, written
/// exactly as the engine writes it?
pub fn is_hour_or_day_key(k: &str) -> bool {
    match k.len() {
        10 => parse_iso8601(k).is_some_and(|ms| day_key(ms) == k),
        13 => parse_iso8601(&format!("{k}:00Z")).is_some_and(|ms| hour_key(ms) == k),
        _ => false,
    }
}

/// An instant as ISO 8601 in UTC, to the millisecond: `2025-02-10T14:03:07.000Z`.
pub fn iso8601(epoch_ms: i64) -> String {
    iso8601_at(epoch_ms, 0)
}

/// An instant as ISO 8601 local time with its offset (`2025-02-10T15:03:07.000+01:00`): what exports carry,
/// so a spreadsheet shows the person's time and a program can still recover the instant.
pub fn iso8601_at(epoch_ms: i64, offset_min: i32) -> String {
    let local = epoch_ms + i64::from(offset_min) * 60_000;
    let ms = local.rem_euclid(86_400_000);
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let zone = if offset_min == 0 {
        "Z".to_string()
    } else {
        let sign = if offset_min < 0 { '-' } else { '+' };
        let a = offset_min.unsigned_abs();
        format!("{sign}{:02}:{:02}", a / 60, a % 60)
    };
    format!("{}T{h:02}:{m:02}:{s:02}.{milli:03}{zone}", day_key(local))
}

/// `YYYY-MM-DDTHH` of a UTC instant.
pub fn hour_key(epoch_ms: i64) -> String {
    let mut k = day_key(epoch_ms);
    k.push('T');
    k.push_str(&hour_of_day(epoch_ms));
    k
}

// Howard Hinnant's days-from-civil algorithms (public domain), proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_time_elements_carry() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601("2025-02-10T14:03:07.000Z"),
            Some(1_739_196_187_000)
        );
        assert_eq!(
            parse_iso8601("2025-02-10T15:03:07+01:00"),
            Some(1_739_196_187_000)
        );
        assert_eq!(parse_iso8601("2025-02-10"), Some(1_739_145_600_000));
        assert_eq!(parse_iso8601("10 Feb 2025"), None);
        assert_eq!(parse_iso8601("2025-13-10T00:00Z"), None);
        assert_eq!(parse_iso8601(""), None);
    }

    #[test]
    fn keys_days_and_hours_in_utc() {
        let t = parse_iso8601("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(day_key(t), "2024-02-29");
        assert_eq!(hour_key(t), "2024-02-29T23");
        assert_eq!(day_key(-1), "1969-12-31");
    }

    #[test]
    fn tells_hour_keys_from_anything_else() {
        for ok in ["00", "09", "23"] {
            assert!(is_hour_of_day(ok), "{ok}");
        }
        for bad in ["24", "99", "7", "007", "-1", "+1", " 1", "1 ", "", "=HYPERLINK(\"x\")", "０１"] {
            assert!(!is_hour_of_day(bad), "{bad}");
        }
        for ok in ["2025-02-10T14", "2024-02-29T00", "2025-02-10"] {
            assert!(is_hour_or_day_key(ok), "{ok}");
        }
        for bad in ["2025-02-10T24", "2025-02-10T99", "2025-02-10Txx", "2025-02-30T01", "2023-02-29", "2025-2-10T014",
            "2025-02-10 14", "2025-02-10t14", "2025-02-10T1é", "é025-02-10T1", ""] {
            assert!(!is_hour_or_day_key(bad), "{bad}");
        }
    }

    #[test]
    fn writes_iso8601_with_the_local_offset() {
        let t = parse_iso8601("2025-03-29T23:15:00Z").unwrap();
        assert_eq!(iso8601(t), "2025-03-29T23:15:00.000Z");
        assert_eq!(iso8601_at(t, 60), "2025-03-30T00:15:00.000+01:00");
        assert_eq!(iso8601_at(t, 330), "2025-03-30T04:45:00.000+05:30");
        assert_eq!(iso8601_at(t, -150), "2025-03-29T20:45:00.000-02:30");
        assert_eq!(parse_iso8601(&iso8601_at(t, 330)), Some(t));
    }
}
