#!/usr/bin/env python3
"""Writes models/en_vader_tweets_means.tsv: the mean human rating (-4..4) of each of the 4,200
VADER-rated tweets, line for line with shared/datasets/en_vader_tweets.tsv (which keeps only a
label cut at +-0.2). The trainer relabels those tweets with a wider neutral band
(examples/train_sentiment.rs, `VBAND`; models/README.md says why).

Source: the `vaderSentiment` 3.3.2 sdist on PyPI, additional_resources/hutto_ICWSM_2014.tar.gz,
tweets_GroundTruth.txt (id, mean rating, text). MIT, Copyright (c) 2016 C.J. Hutto.
Deterministic; standard library only; `pip download` into a temporary directory.
    python3 scripts/analysis/vader_tweet_means.py [DATASETS_DIR]
"""
import io, os, subprocess, sys, tarfile, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "models", "en_vader_tweets_means.tsv")


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "datasets")
    if not os.path.isdir(data):
        data = "/work/shared/datasets"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "--no-binary", ":all:",
                               "-d", tmp, "vaderSentiment==3.3.2"])
        sdist = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".tar.gz"))
        with tarfile.open(sdist) as t:
            inner = t.extractfile(next(n for n in t.getnames() if n.endswith("hutto_ICWSM_2014.tar.gz"))).read()
        with tarfile.open(fileobj=io.BytesIO(inner)) as t:
            raw = t.extractfile(next(n for n in t.getnames() if n.endswith("tweets_GroundTruth.txt"))).read()
    rows = [l.split("\t") for l in raw.decode("utf-8", "replace").splitlines() if l.strip()]
    ours = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(data, "en_vader_tweets.tsv"), encoding="utf-8")]
    assert len(rows) == len(ours), (len(rows), len(ours))
    for (i, m, *_), (label, _) in zip(rows, ours):
        m = float(m)
        assert label == ("pos" if m >= 0.2 else "neg" if m <= -0.2 else "neu"), (i, m, label)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# VADER tweet ratings (Hutto & Gilbert 2014, MIT): id, mean rating -4..4, one line per line of "
                "en_vader_tweets.tsv. scripts/analysis/vader_tweet_means.py\n")
        for i, m, *_ in rows:
            f.write(f"{i}\t{m}\n")
    print("wrote", OUT, len(rows))


if __name__ == "__main__":
    main()
