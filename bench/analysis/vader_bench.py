"""Python VADER (vaderSentiment from PyPI) on the same texts as the native bench: posts/s."""
import sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
t0 = time.perf_counter()
sia = SentimentIntensityAnalyzer()
startup = time.perf_counter() - t0
for t in texts:  # warm-up
    sia.polarity_scores(t)
n, start = 0, time.perf_counter()
while time.perf_counter() - start < 2.0:
    for t in texts:
        sia.polarity_scores(t)
    n += len(texts)
secs = time.perf_counter() - start
print(f"python vaderSentiment: {n / secs:.0f} posts/s ({len(texts)} texts; start-up {startup * 1e3:.1f} ms)")
