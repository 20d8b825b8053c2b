#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/<target>/.

The seeds are the requests of the seed pages (/work/shared/seeds: the MOR wiki's examples), the
test vectors of MOR_REFERENCE.md and the SPEC's rules on decoding, as each target reads its
input (see the target's header comment). Run it again only to change the corpus; the files are
committed. usage: make_corpus.py [SEED_PAGES_DIR]
"""
import json
import pathlib
import re
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds")

# The wiki pages' example calls (also in SPEC.md and MOR_REFERENCE.md's vectors).
queries = sorted({m for page in SEEDS.glob("*.txt")
                  for m in re.findall(r"/api/[a-z_]+\?([^\s)`'\"]+)", page.read_text())})
queries[:0] = [
    "u=admin&p=admin1&did=4796598588&provider_id=1&hash=bc2f114099d16656d37e45fd9e8744cb9386d462",
    "u=admin&user_id=2&device_id=2&cli_number=123467&comment=c&cli_description=d&ivr_id=2"
    "&hash=d00f619cda5b497d9e16a2d9e03749b4a7ee23e4",
    "u=admin&cardgroup_id=1&callerid=4444&amount=100&hash=d703d39e26dd770b614d3e0786373aecb4378fa3",
    "u=admin&cardgroup_id=1&callerid=6666&amount=150&pin=6930"
    "&hash=259336c380436060303905c3fd69593a3753c102",
    "u=admin&cardgroup_id=4&callerid=09090909&amount=55&hash=6def0e9d462c376f47f31ab231447263da3c9843",
]
# SPEC §1: '+' and %XX decode; an invalid escape stays literal; last repeat wins; odd shapes.
tricky = [
    "u=ad+min&p=a%20b&x=%zz&y=%4&z=%%41", "a=1&a=2&a=3", "=novalue&&&name&b=", "u=%00%ff%fe%c0%af",
    "cli_description=%E2%82%AC%F0%9F%98%80&comment=%ED%A0%80", "hash=&u=admin&amount=1e3",
    "amount=-5&amount=0.00&amount=.5&amount=5.", "users=all%0A1,2&block=xtruex&direction=incoming",
    "filename_x=1&filename=2", "u=" + "a" * 300, "%2B=%26&%3D=%3D",
]

def card_fields(query):
    return [tuple(p.split("=", 1)) if "=" in p else (p, "") for p in query.split("&") if p]

def write(target, name, data):
    directory = HERE / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data if isinstance(data, bytes) else data.encode())

shutil.rmtree(HERE / "corpus", ignore_errors=True)
for i, q in enumerate(queries + tricky):
    write("form", f"query_{i:02}", q)
    write("hash", f"query_{i:02}", q)
    # The form target reads the query up to a backslash and one more byte, then the body.
    write("form", f"query_and_body_{i:02}", q + "\\ " + q.replace("u=", "p=", 1))

for i, q in enumerate(queries + tricky[8:10]):
    fields = card_fields(q)
    for style, nl in (("crlf", "\r\n"), ("lf", "\n")):
        boundary = f"----morapi{i}{style}"
        body = ""
        for name, value in fields:
            body += f"--{boundary}{nl}Content-Disposition: form-data; name=\"{name}\"{nl}{nl}"
            body += f"{value}{nl}"
        if i % 3 == 0:  # a file part, which must be ignored
            body += (f"--{boundary}{nl}Content-Disposition: form-data; name=\"f\"; "
                     f"filename=\"a.csv\"{nl}Content-Type: text/csv{nl}{nl}1,2{nl}")
        write("multipart", f"{style}_{i:02}", body + f"--{boundary}--{nl}")
    members = {}
    for name, value in fields:
        members[name] = int(value) if value.isdigit() and not value.startswith("0") else value
    write("json", f"object_{i:02}", json.dumps(members))
for i, body in enumerate([
        '{"amount": 1.50, "n": 1e3, "big": 1234567890123456789012345, "neg": -0}',
        '{"a": null, "b": true, "c": false, "d": {"x": 1}, "e": [1, 2], "a": "again"}',
        '{"u": "admin", "cli_description": "\\u20ac \\ud83d\\ude00 \\u0000"}',
        '[1, 2, 3]', '"string"', '{"u": "admin",}', '{"u": "a"} trailing', '{"deep":' * 40 + '1',
        '{"lone": "\\ud800"}', '{}', '']):
    write("json", f"shape_{i:02}", body)

# The decimal target reads the amount, then one byte at the end choosing 0-6 decimals.
amounts = ["100", "150", "55", "300", "0.25", "5.", ".5", "0", "0.00", "-5", "+5", "1e3", " 5",
           "1.2.3", "999999999999999.999999999999999", "2.005", "0999", "999", "", "."]
for i, amount in enumerate(amounts):
    write("decimal", f"amount_{i:02}", amount.encode() + bytes([i % 7]))

texts = [page.read_text() for page in sorted(SEEDS.glob("*.txt"))]
samples = [b"plain ascii", "Kolmisoft \u20ac \U0001F600 \u00e4".encode(), b"\xc0\xaf overlong",
           b"\xed\xa0\x80 surrogate", b"\xf4\x90\x80\x80 too big", b"\xef\xbf\xbe\xef\xbf\xbf",
           b"nul\x00byte\x01\x08\x0b\x1f\x7f", b"\xe2\x82", b"\x80\x80 stray", b"\t\n\r ok",
           "\u00a0\u2028\u3000".encode(), b"\xff\xfe\xfd"]
for i, sample in enumerate(samples + [t.encode()[:1500] for t in texts]):
    write("text", f"text_{i:02}", sample)
    write("xml", f"text_{i:02}", sample)
errors = sorted({m for t in texts for m in re.findall(r"<error>([^<]+)</error>", t)})
for i, message in enumerate(errors):
    write("xml", f"error_{i:02}", message)
print(sum(1 for _ in (HERE / "corpus").rglob("*") if _.is_file()), "files")
