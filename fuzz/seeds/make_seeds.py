#!/usr/bin/env python3
"""Writes the committed seed inputs of the fuzz targets (fuzz/seeds/TARGET/), dated for the targets' NOW
(2025-02-10T14:03:07Z). `make fuzz` passes each directory after the working corpus (fuzz/corpus/TARGET),
so libFuzzer starts from valid stores, exports, backups and batches. Invented content only.
  python3 fuzz/seeds/make_seeds.py"""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = 1_739_196_187_000
DAY = 86_400_000


def put(target, name, value):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(HERE, target, name), "w", encoding="utf-8") as f:
        f.write(text)


post = {"site": "x", "id": "1001", "url": "https://x.com/alice/status/1001",
        "author": {"handle": "alice", "name": "Alice M.", "verified": True, "followers": 15400},
        "text": "La Brioche Phone 2 chauffe beaucoup trop, déçue #BriochePhone", "lang": "fr",
        "time": "2025-02-10T09:00:00Z", "metrics": {"likes": 12, "reposts": 3, "replies": 1, "views": 900},
        "shown": {"likes": "12", "views": "900", "followers": "15,4 k"}}
post2 = {"site": "reddit", "id": "r1", "author": {"handle": "bob"}, "text": "I love it, works great :)",
         "time_text": "8 hours ago", "promoted": True}
post3 = {"site": "x", "id": "1002", "author": {"handle": "carol"}, "text": "il y a 3 h que j'attends",
         "time_text": "il y a 3 h"}

# ingest: batches of posts (repeats in a batch, a post with no id, an old one).
put("ingest", "batch", [post, post2, post3])
put("ingest", "repeats", [post, post, dict(post3, text="edited")])
put("ingest", "mixed", [dict(post, id=""), dict(post2, time="2020-01-01T00:00:00Z"), {"site": "hn", "id": "7"}])

# store_load: stores of schemas 1, 2 and 3 (src/store/mod.rs tests, tests/fixtures/store/schema3.json).
put("store_load", "schema1", {"meta": {"schema": 1, "retention_days": 30},
                              "seen:2025-02-09": [9007199254740991, 7],
                              "seen:2025-02-10": {"hashes": [3], "total": {"posts": 1}},
                              "tally:2025-02-10": {"day": "2025-02-10", "total": {"posts": 1, "positive": 1}}})
put("store_load", "schema1-nometa", {"seen:2025-02-10": [1, 2]})
put("store_load", "schema2", {"meta": {"schema": 2, "retention_days": 30, "install_id": "i1"},
                              "seen:2025-02-09": {"hashes": [3, 1], "total": {"posts": 2}, "sites": {"x": {"posts": 2}}},
                              "seen:2025-02-10": {"hashes": [], "total": {"posts": 0}},
                              "watchlist": [{"query": "brioche OR croissant"}],
                              "tally:2025-02-09": {"day": "2025-02-09", "total": {"posts": 2}, "hours": {"10": {"posts": 2}}}})
fixture = open(os.path.join(HERE, "../../tests/fixtures/store/schema3.json"), encoding="utf-8").read()
day = lambda n: __import__("datetime").datetime.utcfromtimestamp((NOW - n * DAY) / 1000).strftime("%Y-%m-%d")
fixture = re.sub(r'"\{MS:D-(\d+)\}"', lambda m: str(NOW - int(m.group(1)) * DAY), fixture)
fixture = re.sub(r"\{D-(\d+)\}", lambda m: day(int(m.group(1))), fixture)
# Hashes stand for posts; any small integers will do here.
fixture = re.sub(r'"\{HASH:[^}]*\}"', lambda m: str(__import__("zlib").crc32(m.group(0).encode())), fixture)
schema3 = json.loads(fixture)
schema3.pop("_about")
put("store_load", "schema3", schema3)
put("store_load", "schema4", {"meta": {"schema": 4, "retention_days": 90, "install_id": "r0123456789abcdef",
                                       "next_item_id": 2},
                              "watchlist": [{"id": 1, "rev": 1, "query": "brioche", "label": "Brioche"}],
                              "terms:2025-02-10T13": {"posts": 2, "counts": {"brioche": 2}, "early": {"brioche": ["x:alice"]}}})

# restore: backups (the current schema, and a schema-3 store inside a backup).
put("restore", "schema3", {"format": "ecoute-backup", "schema": 3, "created_at": NOW, "entries": schema3})
put("restore", "schema4", {"format": "ecoute-backup", "schema": 4, "created_at": NOW,
                           "entries": {"meta": {"schema": 4, "retention_days": 90, "install_id": "r0123456789abcdef"}},
                           "posts": [{"k": "x:1001", "site": "x", "id": "1001", "author": {"handle": "alice"},
                                      "text": "ok", "label": "neutral", "score": 0.0, "intent": "none", "evidence": [],
                                      "lang": "fr", "watch": [], "terms": [], "metrics": {}, "sq": NOW - NOW % 900_000,
                                      "seen": NOW, "last": NOW}],
                           "aggs": [{"q": NOW - NOW % 900_000, "s": {"total": {"posts": 1, "neutral": 1}}}]})

# import: an export document and its NDJSON form.
header = {"format": "ecoute-export", "version": 1, "source": "r0123456789abcdef", "exported_at": NOW}
tally = {"day": "2025-02-09", "total": {"posts": 2, "positive": 1, "negative": 1, "intents": {"complaint": 1}},
         "hours": {"10": {"posts": 2}}, "sites": {"x": {"posts": 2}},
         "watch": {"brioche": {"total": {"posts": 1}, "hours": {"10": {"posts": 1}}, "sites": {"x": {"posts": 1}}}}}
author = {"key": "x:alice", "site": "x", "handle": "alice", "name": "Alice M.", "verified": False, "posts": 3,
          "engagement": 120, "posts_with_metrics": 3, "max_followers": 15400, "watch": {}, "early_terms": [],
          "first_seen": NOW - DAY, "last_seen": NOW}
saved = schema3["saved:x:1001"]
record = {"site": "x", "id": "1001", "url": "https://x.com/alice/status/1001", "author": post["author"],
          "text": post["text"], "lang": "fr", "label": "negative", "score": -0.6, "intent": "complaint",
          "evidence": [], "time": "2025-02-10T10:00:00+01:00", "precision": "exact", "time_text": None,
          "first_seen": "2025-02-10T15:03:07+01:00", "last_seen": "2025-02-10T15:03:07+01:00",
          "metrics": post["metrics"], "shown": post["shown"], "promoted": False, "watch": ["Brioche"],
          "terms": ["brioche"]}
terms = {"posts": 2, "counts": {"brioche": 2}, "early": {"brioche": ["x:alice"]}}
item = {"query": "brioche", "label": "Brioche"}
put("import", "export.json", dict(header, tallies=[tally], authors=[author], saved=[saved],
                                  terms={"2025-02-10T13": terms}, posts=[record], watchlist=[item]))
lines = [dict(header, type="header"), dict(tally, type="tally"), dict(author, type="author"),
         dict(saved, type="saved"), dict(terms, type="terms", hour="2025-02-10T13"), dict(item, type="watch_item"),
         dict(record, type="post")]
put("import", "export.ndjson", "\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n")
