"""Anchors for QUALITY.md: the reference lexicon tools measured exactly like `ecoute eval`.

English files: Python VADER (vaderSentiment 3.3.2). French files: the French VADER port
(vaderSentiment-fr 1.3.4). Label from the compound with VADER's own thresholds (>= 0.05 pos,
<= -0.05 neg, else neu). Same metrics: per-class P/R/F1 over the classes present in the gold labels.
Run by scripts/analysis/anchors.sh (which makes the venv).
"""
import os, sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"
CLASSES = ["neg", "neu", "pos"]


def label(c):
    return "pos" if c >= 0.05 else "neg" if c <= -0.05 else "neu"


def measure(path, sia):
    conf = {g: {p: 0 for p in CLASSES} for g in CLASSES}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\r\n")
        if "\t" not in line:
            continue
        gold, text = line.split("\t", 1)
        if gold not in CLASSES:
            continue
        conf[gold][label(sia.polarity_scores(text)["compound"])] += 1
    present = [c for c in CLASSES if sum(conf[c].values()) > 0]
    f1s, recs, correct, n = [], [], 0, 0
    for c in present:
        tp = conf[c][c]
        gold = sum(conf[c].values())
        pred = sum(conf[g][c] for g in CLASSES)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        recs.append(r)
        correct += tp
        n += gold
    return sum(f1s) / len(f1s), sum(recs) / len(recs), correct / n, n


def main():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as EN
    from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer as FR
    en, fr = EN(), FR()
    print("| file | tool | macro-F1 | macro-recall | accuracy | n |")
    print("|---|---|---|---|---|---|")
    for f in sorted(os.listdir(DATA)):
        if not f.endswith(".tsv"):
            continue
        tool, sia = ("French VADER port", fr) if f.startswith("fr_") else ("VADER", en)
        m = measure(os.path.join(DATA, f), sia)
        print(f"| {f} | {tool} | {m[0]:.3f} | {m[1]:.3f} | {m[2]:.3f} | {m[3]} |")


if __name__ == "__main__":
    main()
