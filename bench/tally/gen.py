#!/usr/bin/env python3
"""Generated posts for `ecoute tally` (BENCHMARKS.md "CLI ecoute tally"): N posts of 12 words, French and
English, 5,000 authors, 28 days, seeded. `--export` writes them as an Écoute NDJSON export (a header, then
`post` records carrying lang, label, score, intent and terms, as the extension writes them), else as plain
Post records (what a scraper would give `ecoute tally`, analysed by the CLI).

    python3 bench/tally/gen.py 300000 > posts.ndjson
    python3 bench/tally/gen.py 300000 --export > export.ndjson
"""
import json
import random
import sys

FR = ("la brioche est vraiment bonne mais le service client reste lent et cher aujourd'hui "
      "je trouve le nouveau téléphone génial pour le prix franchement super livraison rapide "
      "nul déçu colis perdu remboursement jamais reçu merci pour votre aide vélo électrique").split()
EN = ("the brioche phone is really great but customer service is slow and expensive today "
      "i love the new phone for the price honestly awesome fast delivery terrible "
      "disappointed parcel lost refund never received thanks for your help electric bike").split()
LABELS = ["positive", "negative", "neutral"]
INTENTS = [None, None, None, "praise", "complaint", "request", "question"]
START = 1_735_689_600  # 2025-01-01T00:00:00Z


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    export = "--export" in sys.argv
    rng = random.Random(15)
    out = sys.stdout
    if export:
        out.write(json.dumps({"type": "header", "format": "ecoute-export", "version": 1,
                              "source": "r" + "0" * 32, "exported_at": 0, "filter": {}}) + "\n")
    sites = ["x", "reddit", "mastodon", "bluesky"]
    for i in range(n):
        fr = rng.random() < 0.5
        words = [rng.choice(FR if fr else EN) for _ in range(12)]
        if rng.random() < 0.05:
            words.insert(3, "#BriochePhone")
        t = START + rng.randrange(28 * 86_400)
        # 5,000 authors, each on one site (as a person has one account per site).
        author = rng.randrange(5000)
        site = sites[author % 4]
        handle = f"user{author}"
        ts = f"{_iso(t)}"
        likes = rng.randrange(200)
        rec = {"site": site, "id": str(i), "url": f"https://example.org/{site}/{i}",
               "author": {"handle": handle, "followers": rng.randrange(100, 100_000)},
               "text": " ".join(words), "time": ts, "metrics": {"likes": likes, "replies": likes // 10}}
        if export:
            rec = {"type": "post", **rec, "lang": "fr" if fr else "en", "label": rng.choice(LABELS),
                   "score": round(rng.uniform(-1, 1), 3), "intent": rng.choice(INTENTS), "evidence": [],
                   "precision": "exact", "time_text": None, "first_seen": ts, "last_seen": ts, "shown": {},
                   "rounded": [], "promoted": False, "watch": [],
                   "terms": sorted({w.lower() for w in words if len(w) > 4})[:8]}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


if __name__ == "__main__":
    main()
