#!/usr/bin/env python3
"""Makes N report packages from N subordinates of one office, for `make bench-aggregate` (issue 13).

    gen_reports.py N SUPERIOR_DB TEMPLATE_PAYLOAD.json OUT_DIR

Each subordinate gets its own Ed25519 key pair, is entered in the superior's directory as a direct subordinate
(what enrolment would have done), and submits the template payload with its own code, name and counts. The
packages are written by the independent implementation of the format (Tests/Fixtures/packages/independent.py).
"""
import argparse, base64, json, os, random, sqlite3, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "packages"))
import independent  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives import serialization

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
PRIV = dict(encoding=serialization.Encoding.Raw, format=serialization.PrivateFormat.Raw,
            encryption_algorithm=serialization.NoEncryption())

n, db, template, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(out, exist_ok=True)
con = sqlite3.connect(db)
superior, = con.execute("SELECT code FROM office").fetchone()
agreement, = con.execute("SELECT agreement_key FROM office_directory WHERE code = ?", (superior,)).fetchone()
payload = json.load(open(template, encoding="utf-8"))
rng = random.Random(13)
for i in range(1, n + 1):
    code = f"B{i:05d}"
    signing, agreeing = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    con.execute(
        "INSERT INTO office_directory (code, name, level, region, parent, signing_key, agreement_key, source, added_at)"
        " VALUES (?, ?, 'township', NULL, ?, ?, ?, 'bench', '2026-07-01T00:00:00Z')",
        (code, f"第{i}司法所", superior, signing.public_key().public_bytes(**RAW), agreeing.public_key().public_bytes(**RAW)))
    p = dict(payload)
    p["office"] = {"code": code, "name": f"第{i}司法所", "level": "township"}
    # The template's counts scaled: sums and subsets stay consistent, so every check of the aggregate passes.
    scale = rng.randint(1, 20)
    p["counts"] = {k: v * scale for k, v in payload["counts"].items()}
    keyfile, part = os.path.join(out, "k"), os.path.join(out, "p.json")
    with open(keyfile, "w") as f:
        f.write("anzhi-office-keys 1\n")
        f.write("signing-ed25519 " + base64.b64encode(signing.private_bytes(**PRIV)).decode() + "\n")
        f.write("agreement-x25519 " + base64.b64encode(agreeing.private_bytes(**PRIV)).decode() + "\n")
    with open(part, "w", encoding="utf-8") as f:
        json.dump([p], f, ensure_ascii=False)
    independent.make_package(argparse.Namespace(
        keys=keyfile, sender=code, sender_level="township", recipient=superior,
        recipient_agreement=base64.b64encode(agreement).decode(), sequence=1,
        part=[f"payload/reports.json={part}:sealed"], o=os.path.join(out, f"{code}-{superior}-1.zip")))
con.commit()
os.remove(os.path.join(out, "k")); os.remove(os.path.join(out, "p.json"))
