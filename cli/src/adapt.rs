//! `ecoute adapt-curve FILE.tsv [--steps 50,100,200,400] [--seeds 3]`: what the person's corrections
//! teach (src/analysis/adapt.rs), measured on a labelled file of one domain (QUALITY.md).
//!
//! The file is shuffled (fixed seeds); its first `max(steps)` posts are the ones the person reviews,
//! the rest are held out. For each number N of reviewed posts, a fresh adjustment is taught as a
//! person would teach it: the N posts are read in turn with the adjustment so far, and each one read
//! wrong is corrected to its gold label (a correction, `analysis::correct`). Accuracy and macro-F1 on
//! the held-out posts are then printed beside the corrections made, averaged over the seeds.
use std::io::{self, Write};

use ecoute::analysis::{adapt::Adjustment, analyze_adjusted, correct};
use ecoute::Label;

use crate::eval::{class_of, example, metrics};

const LABELS: [Label; 3] = [Label::Negative, Label::Neutral, Label::Positive];

pub fn run(args: &[String]) -> io::Result<()> {
    let usage = || io::Error::new(io::ErrorKind::InvalidInput, "usage: ecoute adapt-curve FILE.tsv [--steps 50,100,200,400] [--seeds 3]");
    let mut path = None;
    let mut steps = vec![0usize, 50, 100, 200, 400];
    let mut seeds = 3u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--steps" => {
                let list = it.next().ok_or_else(usage)?;
                steps = std::iter::once(Ok(0)).chain(list.split(',').map(|s| s.trim().parse::<usize>())).collect::<Result<_, _>>().map_err(|_| usage())?;
            }
            "--seeds" => seeds = it.next().and_then(|s| s.parse().ok()).filter(|&n| n > 0).ok_or_else(usage)?,
            _ => path = Some(a.clone()),
        }
    }
    let path = path.ok_or_else(usage)?;
    let text = std::fs::read_to_string(&path)?;
    let all: Vec<(usize, String)> = text.lines().filter_map(|l| example(l.trim_end_matches('\r')).map(|(g, t)| (g, t.to_string()))).collect();
    let max = steps.iter().copied().max().unwrap_or(0);
    if all.len() < max + 100 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{path}: {} examples, fewer than {} reviewed + 100 held out", all.len(), max)));
    }
    let mut out = io::stdout().lock();
    writeln!(out, "file: {path}  ({} examples; {} reviewed at most, {} held out; {seeds} seeds)", all.len(), max, all.len() - max)?;
    writeln!(out, "reviewed  corrected  accuracy  macro-F1  adjustment rows")?;
    let mut rows = vec![(0f64, 0f64, 0f64, 0f64); steps.len()];
    for seed in 0..seeds {
        let mut posts = all.clone();
        shuffle(&mut posts, 0x9E37_79B9_7F4A_7C15 ^ (seed + 1));
        let (pool, held) = posts.split_at(max);
        for (row, &n) in rows.iter_mut().zip(&steps) {
            let mut adj = Adjustment::default();
            let mut corrected = 0;
            for (g, t) in &pool[..n] {
                let a = analyze_adjusted(t, &adj);
                if a.label.map(class_of) != Some(*g) && a.label.is_some() {
                    correct(&mut adj, t, LABELS[*g], None);
                    corrected += 1;
                }
            }
            let mut confusion = [[0u32; 3]; 3];
            for (g, t) in held {
                let a = analyze_adjusted(t, &adj);
                confusion[*g][a.label.map_or(1, class_of)] += 1;
            }
            let m = metrics(&confusion);
            row.0 += corrected as f64;
            row.1 += m.accuracy;
            row.2 += m.macro_f1;
            row.3 += adj.w.len() as f64;
        }
    }
    let k = seeds as f64;
    for (row, n) in rows.iter().zip(&steps) {
        writeln!(out, "{n:>8}  {:>9.1}  {:>8.3}  {:>8.3}  {:>15.0}", row.0 / k, row.1 / k, row.2 / k, row.3 / k)?;
    }
    Ok(())
}

/// Fisher-Yates with xorshift64: the same order for the same seed on every machine.
fn shuffle<T>(v: &mut [T], mut s: u64) {
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v.swap(i, (s % (i as u64 + 1)) as usize);
    }
}
