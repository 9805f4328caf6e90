//! `ecoute eval FILE.tsv [--rules-only] [--lang]`: measures sentiment on a labelled file.
//!
//! Input: one example a line, `label<TAB>text` (the format of shared/datasets), label `neg`, `neu`
//! or `pos`; `negative` / `neutral` / `positive` and the French `négatif` / `neutre` / `positif` are
//! read too, in any case, and `text<TAB>label` when only the last column is a label. A file where no
//! line can be read is an error that says why, not a table of zeros. Prints per-class precision / recall / F1, macro-F1, macro-recall, accuracy
//! and the confusion matrix. Binary files (no `neu` gold label) are scored the same way, neutral
//! predictions counting as errors, as with any 3-class tool. `--rules-only` measures without the
//! learned model; `--lang` also prints the identified languages.
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

const CLASSES: [&str; 3] = ["neg", "neu", "pos"];

pub fn class_of(l: ecoute::Label) -> usize {
    match l {
        ecoute::Label::Negative => 0,
        ecoute::Label::Neutral => 1,
        ecoute::Label::Positive => 2,
    }
}

pub fn run(args: &[String]) -> io::Result<()> {
    let mut path = None;
    let mut rules_only = false;
    let mut show_lang = false;
    for a in args {
        match a.as_str() {
            "--rules-only" => rules_only = true,
            "--lang" => show_lang = true,
            _ => path = Some(a.clone()),
        }
    }
    let path = path.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "usage: ecoute eval FILE.tsv [--rules-only] [--lang]"))?;
    let file = std::fs::File::open(&path)?;
    let mut confusion = [[0u32; 3]; 3]; // [gold][predicted]
    let mut skipped = 0u32;
    let mut first_skipped = String::new();
    let mut langs: BTreeMap<String, u32> = BTreeMap::new();
    for line in io::BufReader::new(file).split(b'\n') {
        let bytes = line?;
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches('\r');
        let Some((g, text)) = example(line) else {
            if skipped == 0 {
                first_skipped = line.chars().take(80).collect();
            }
            skipped += 1;
            continue;
        };
        let a = ecoute::analysis::analyze_with(text, !rules_only);
        // A line read as a language Écoute does not analyse gets no label: it said no polarity, so it
        // counts as neutral here (and the languages line says how many: `--lang`).
        confusion[g][a.label.map_or(1, class_of)] += 1;
        *langs.entry(a.lang).or_default() += 1;
    }
    let m = metrics(&confusion);
    if m.n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{path}: no line reads as label<TAB>text with a label neg/neu/pos ({skipped} skipped; first: {first_skipped:?})"),
        ));
    }
    let mut out = io::stdout().lock();
    writeln!(out, "file: {path}{}", if rules_only { "  (rules only)" } else { "" })?;
    writeln!(out, "class  precision  recall  f1     support")?;
    for (c, name) in CLASSES.iter().enumerate() {
        writeln!(out, "{name:<6} {:>9.3}  {:>6.3}  {:.3}  {:>7}", m.precision[c], m.recall[c], m.f1[c], m.support[c])?;
    }
    let present = m.support.iter().filter(|&&s| s > 0).count();
    writeln!(out, "macro-F1 {:.3}  macro-recall {:.3}  accuracy {:.3}  (n={}, classes present {present}, skipped {skipped})",
        m.macro_f1, m.macro_recall, m.accuracy, m.n)?;
    writeln!(out, "confusion (rows gold, columns predicted):")?;
    writeln!(out, "        neg    neu    pos")?;
    for (g, name) in CLASSES.iter().enumerate() {
        writeln!(out, "{name:<5} {:>5}  {:>5}  {:>5}", confusion[g][0], confusion[g][1], confusion[g][2])?;
    }
    if show_lang {
        let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l}:{n}")).collect();
        writeln!(out, "languages: {}", langs.join(" "))?;
    }
    Ok(())
}

/// A gold class index from a label as datasets write it.
fn class_of_label(l: &str) -> Option<usize> {
    match l.trim().to_lowercase().as_str() {
        "neg" | "negative" | "négatif" | "negatif" => Some(0),
        "neu" | "neutral" | "neutre" => Some(1),
        "pos" | "positive" | "positif" => Some(2),
        _ => None,
    }
}

/// `label<TAB>text`, or `text<TAB>label` when only the last column is a label.
pub fn example(line: &str) -> Option<(usize, &str)> {
    let (first, rest) = line.split_once('\t')?;
    if let Some(g) = class_of_label(first) {
        return Some((g, rest));
    }
    let (text, last) = line.rsplit_once('\t')?;
    class_of_label(last).map(|g| (g, text))
}

pub struct Metrics {
    pub precision: [f64; 3],
    pub recall: [f64; 3],
    pub f1: [f64; 3],
    pub support: [u32; 3],
    /// Averaged over the classes present in the gold labels (a binary file averages over two).
    pub macro_f1: f64,
    pub macro_recall: f64,
    pub accuracy: f64,
    pub n: u32,
}

pub fn metrics(c: &[[u32; 3]; 3]) -> Metrics {
    let div = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut m = Metrics {
        precision: [0.0; 3],
        recall: [0.0; 3],
        f1: [0.0; 3],
        support: [0; 3],
        macro_f1: 0.0,
        macro_recall: 0.0,
        accuracy: 0.0,
        n: 0,
    };
    let mut correct = 0;
    #[allow(clippy::needless_range_loop)] // k indexes rows and columns alike
    for k in 0..3 {
        let tp = c[k][k];
        let gold: u32 = c[k].iter().sum();
        let pred: u32 = (0..3).map(|g| c[g][k]).sum();
        m.support[k] = gold;
        m.precision[k] = div(tp, pred);
        m.recall[k] = div(tp, gold);
        let (p, r) = (m.precision[k], m.recall[k]);
        m.f1[k] = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        correct += tp;
        m.n += gold;
    }
    let present: Vec<usize> = (0..3).filter(|&k| m.support[k] > 0).collect();
    if !present.is_empty() {
        m.macro_f1 = present.iter().map(|&k| m.f1[k]).sum::<f64>() / present.len() as f64;
        m.macro_recall = present.iter().map(|&k| m.recall[k]).sum::<f64>() / present.len() as f64;
    }
    m.accuracy = div(correct, m.n);
    m
}

#[cfg(test)]
mod tests {
    use super::{example, metrics};

    #[test]
    fn reads_the_label_spellings_datasets_use() {
        assert_eq!(example("neg\tawful"), Some((0, "awful")));
        assert_eq!(example("Positive\tgreat"), Some((2, "great")));
        assert_eq!(example("neutre\tle train part à 8h"), Some((1, "le train part à 8h")));
        assert_eq!(example("great stuff\tpositive"), Some((2, "great stuff")));
        assert_eq!(example("neu\ttabs\tinside"), Some((1, "tabs\tinside")));
        assert_eq!(example("4\tno label here"), None);
        assert_eq!(example("no tab at all"), None);
    }

    #[test]
    fn macro_averages_over_present_classes() {
        // gold neg: 8 right, 2 as pos; gold pos: 5 right, 5 as neu; no neutral gold.
        let m = metrics(&[[8, 0, 2], [0, 0, 0], [0, 5, 5]]);
        assert!((m.recall[0] - 0.8).abs() < 1e-9);
        assert!((m.recall[2] - 0.5).abs() < 1e-9);
        assert!((m.macro_recall - 0.65).abs() < 1e-9);
        assert!((m.accuracy - 0.65).abs() < 1e-9);
        assert_eq!(m.n, 20);
    }
}
