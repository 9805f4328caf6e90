#!/usr/bin/env python3
"""The demo feed's intended sentiments (tests/fixtures/tools/make_demo.py) against the native
analyser (`ecoute classify`): the agreement that tests/e2e/demo.test.mjs asserts in the browser.
    cargo build --release -p ecoute-cli && python3 scripts/analysis/demo_agreement.py"""
import json, os, subprocess, sys
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(root, "tests", "fixtures", "tools"))
from make_demo import POSTS  # noqa: E402
texts = [p[3] for p in POSTS]
out = subprocess.run([os.path.join(root, "target", "release", "ecoute"), "classify"], input="\n".join(texts) + "\n",
                     capture_output=True, text=True, check=True).stdout.splitlines()
agree = 0
for p, line in zip(POSTS, out):
    got = json.loads(line)["label"]
    agree += got == p[8]
    if got != p[8]:
        print(f"  {p[8]} -> {got}: {p[3][:70]}")
print(f"demo: {agree}/{len(POSTS)}")
