//! Shown publication times (src/base/time/shown.rs) never panic and are never after the moment seen, whatever the
//! text, the moment or the offset; the forms it reads keep their arithmetic over the whole range of counts,
//! offsets and clock times.
use ecoute::time::{day_key, read_shown_time, Precision, ShownTime};
use proptest::prelude::*;

/// Years 1970 to 2100: where posts are (nothing is read as published before 1970).
const SEEN: std::ops::Range<i64> = 0..4_102_444_800_000;
/// Real zones: UTC−12:00 to UTC+14:00, by quarter hours (Nepal, Chatham).
fn offset() -> impl Strategy<Value = i32> {
    (-48..=56i32).prop_map(|q| q * 15)
}

fn check(text: &str, seen: i64, offset: i32) -> Option<ShownTime> {
    let r = read_shown_time(text, seen, offset);
    if let Some(r) = r {
        assert!(r.ms <= seen, "{text:?} seen {seen} offset {offset}: {r:?} is after seen");
    }
    r
}

/// Words, numbers and marks of shown times, to assemble near-misses as well as real ones.
const PIECES: &[&str] = &[
    "3",
    "12",
    "0",
    "1",
    "31",
    "29",
    "2024",
    "2025",
    "9999",
    "123456",
    "14:05",
    "5:15:18",
    "12/03/2025",
    "25/12",
    "2025-03-10",
    "3.5",
    "h",
    "hr",
    "hrs",
    "m",
    "M",
    "Mo",
    "min",
    "s",
    "d",
    "j",
    "w",
    "sem",
    "mo",
    "mois",
    "y",
    "an",
    "ans",
    "ago",
    "il",
    "y",
    "a",
    "une",
    "un",
    "one",
    "yesterday",
    "Hier",
    "today",
    "aujourd'hui",
    "Monday",
    "lundi",
    "mar",
    "Mar",
    "mars",
    "févr",
    "Feb",
    "décembre",
    "at",
    "à",
    "AM",
    "pm",
    "er",
    "st",
    "on",
    "le",
    "edited",
    "Modifié",
    "last",
    "now",
    "just",
    "l'instant",
    "·",
    "•",
    "(",
    ")",
    ",",
    ".",
    "\u{a0}",
    "\u{202f}",
    " ",
    "-",
    "+",
    "é",
    "ß",
    "😀",
    "\u{200e}",
];

fn assembled() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..9).prop_map(|parts| {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i % 2 == 1 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_any_moment_any_offset(s in any::<String>(), seen in any::<i64>(), offset in any::<i32>()) {
        check(&s, seen, offset);
    }

    #[test]
    fn assembled_pieces(s in assembled(), seen in SEEN, offset in offset()) {
        check(&s, seen, offset);
    }

    #[test]
    fn assembled_pieces_at_the_edges(
        s in assembled(),
        seen in proptest::sample::select(vec![i64::MIN, -1, 0, 1, 253_402_300_799_999, 253_402_300_800_000, i64::MAX]),
        offset in proptest::sample::select(vec![i32::MIN, -1081, -1080, 0, 1080, 1081, i32::MAX]),
    ) {
        check(&s, seen, offset);
    }

    /// "N unit" is exactly N units before seen, for every count a site may show.
    #[test]
    fn fixed_units_are_exact(
        n in 0u32..=9_999, unit in 0usize..5, seen in SEEN, offset in offset(), french in any::<bool>(),
    ) {
        let (en, fr, step, p) = [
            ("min", "min", 60_000i64, Precision::Minute),
            ("h", "h", 3_600_000, Precision::Hour),
            ("d", "j", 86_400_000, Precision::Day),
            ("w", "sem.", 604_800_000, Precision::Week),
            ("seconds ago", "secondes", 1_000, Precision::Minute),
        ][unit];
        let text = if french { format!("il y a {n}\u{a0}{fr}") } else { format!("{n} {en}") };
        let ms = seen - i64::from(n) * step;
        // Nothing was published before 1970.
        let want = (ms >= 0).then_some(ShownTime { ms, precision: p });
        prop_assert_eq!(check(&text, seen, offset), want);
    }

    /// Months and years keep the local time of day and never move forward.
    #[test]
    fn calendar_units_keep_the_time_of_day(n in 0u32..=200, years in any::<bool>(), seen in SEEN, offset in offset()) {
        let text = if years { format!("{n} y") } else { format!("il y a {n} mois") };
        let Some(r) = check(&text, seen, offset) else {
            // Only a time before 1970 is refused.
            let months = if years { 12 * i64::from(n) } else { i64::from(n) };
            prop_assert!(seen < 86_400_000 * 31 * months, "{} refused at {}", text, seen);
            return Ok(());
        };
        prop_assert_eq!(r.precision, if years { Precision::Year } else { Precision::Month });
        prop_assert_eq!(r.ms.rem_euclid(86_400_000), seen.rem_euclid(86_400_000));
        let days = (seen - r.ms) / 86_400_000;
        let months = if years { 12 * i64::from(n) } else { i64::from(n) };
        prop_assert!(days >= months * 28 && days <= months * 31, "{} days for {} months", days, months);
    }

    /// "Hier à HH:MM" is that clock time, on the local day before the day seen.
    #[test]
    fn yesterday_at_a_clock_time(h in 0i64..24, m in 0i64..60, seen in 2 * 86_400_000..SEEN.end, offset in offset()) {
        let r = check(&format!("Hier à {h}:{m:02}"), seen, offset).expect("read");
        let off = i64::from(offset) * 60_000;
        prop_assert_eq!(r.precision, Precision::Minute);
        prop_assert_eq!((r.ms + off).rem_euclid(86_400_000), (h * 60 + m) * 60_000);
        prop_assert_eq!(day_key(r.ms + off), day_key(seen + off - 86_400_000));
    }

    /// A date without a year is the most recent such day not after the day seen, at local noon or seen.
    #[test]
    fn dates_without_a_year_are_within_the_last_year(
        day in 1u32..=28, month in 0usize..12, seen in 366 * 86_400_000..SEEN.end, offset in offset(),
    ) {
        let fr = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
        let fr = fr[month];
        let r = check(&format!("{day} {fr}"), seen, offset).expect("read");
        let off = i64::from(offset) * 60_000;
        prop_assert_eq!(r.precision, Precision::Day);
        prop_assert!(seen - r.ms < 366 * 86_400_000);
        let key = day_key(r.ms + off);
        prop_assert_eq!(&key[5..], format!("{:02}-{day:02}", month + 1));
        prop_assert!(r.ms == seen || (r.ms + off).rem_euclid(86_400_000) == 12 * 3_600_000);
    }
}
