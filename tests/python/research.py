"""Écoute's exports read by research tools as they are (issue 15), checked against `ecoute tally`.

    python research.py POOLED.ndjson POOLED_TALLY.json ONE.ndjson ONE_TALLY.json

DuckDB (embedded, the documented way to query pooled exports) over a pooled file from `ecoute merge`;
pandas over one person's export of everything. Run by cli/tests/research.rs; exits non-zero on the
first difference, saying which.
"""
import json
import sys

import duckdb
import pandas as pd


def check(what, got, expected):
    if got != expected:
        sys.exit(f"{what}: {got!r} != {expected!r}")


def duck(pooled, tally):
    con = duckdb.connect()
    # Every record in one table (the header's and the posts' columns together); filtering on `type`
    # gives the posts and loses no line.
    con.execute("CREATE TABLE r AS SELECT * FROM read_json_auto(?, format='newline_delimited')", [pooled])
    lines = sum(1 for line in open(pooled, encoding="utf-8") if line.strip())
    check("rows", con.execute("SELECT count(*) FROM r").fetchone()[0], lines)
    check("untyped rows", con.execute("SELECT count(*) FROM r WHERE type IS NULL").fetchone()[0], 0)
    posts = "SELECT * FROM r WHERE type = 'post'"
    check("posts", con.execute(f"SELECT count(*) FROM ({posts})").fetchone()[0], tally["posts"])
    check("distinct posts", con.execute(f"SELECT count(DISTINCT (site, id)) FROM ({posts})").fetchone()[0], tally["posts"])
    by_label = dict(con.execute(f"SELECT coalesce(label, 'none'), count(*) FROM ({posts}) GROUP BY 1").fetchall())
    for label in ["positive", "negative", "neutral"]:
        check(f"{label} posts", by_label.get(label, 0), tally["sentiment"][label])
    check("unanalysed", by_label.get("none", 0), sum(tally["sentiment"].get("unanalysed", {}).values()))
    by_site = dict(con.execute(f"SELECT site, count(*) FROM ({posts}) GROUP BY 1").fetchall())
    check("sites", by_site, tally["sites"])
    by_intent = dict(con.execute(f"SELECT intent, count(*) FROM ({posts}) WHERE intent IS NOT NULL AND intent <> 'none' GROUP BY 1").fetchall())
    check("intents", by_intent, tally["intents"])
    shared = con.execute(f"SELECT count(*) FROM ({posts}) WHERE len(collected_by) > 1").fetchone()[0]
    if shared == 0:
        sys.exit("collected_by: no post collected by several people")
    print(f"duckdb: ok ({tally['posts']} posts, {shared} collected by several people)")


def pandas(one, tally):
    df = pd.read_json(one, lines=True)
    lines = sum(1 for line in open(one, encoding="utf-8") if line.strip())
    check("rows", len(df), lines)
    check("untyped rows", int(df["type"].isna().sum()), 0)
    check("rows by type", int(df["type"].value_counts().sum()), lines)
    posts = df[df["type"] == "post"]
    check("posts", len(posts), tally["posts"])
    check("positive", int((posts["label"] == "positive").sum()), tally["sentiment"]["positive"])
    # One level per table: the daily rows sum to the day tallies' totals, with no subtotal row.
    days = df[df["type"] == "tally_day"]
    totals = sum(t["posts"] for t in df[df["type"] == "tally"]["total"])
    check("tally_day posts", int(days["posts"].sum()), totals)
    hours = df[df["type"] == "tally_hour"]
    check("tally_hour posts", int(hours["posts"].sum()), totals)
    print(f"pandas: ok ({len(df)} rows, {len(posts)} posts)")


if __name__ == "__main__":
    pooled, pooled_tally, one, one_tally = sys.argv[1:5]
    duck(pooled, json.load(open(pooled_tally)))
    pandas(one, json.load(open(one_tally)))
