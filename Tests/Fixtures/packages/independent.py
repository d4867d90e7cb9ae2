#!/usr/bin/env python3
"""An independent implementation of Anzhi's update packages, written from docs/package-format.md alone.

    independent.py open PACKAGE --keys KEYFILE --sender-pub B64 --recipient CODE --schema XSD --out DIR
        checks everything the document asks, writes each part's plaintext into DIR, prints a JSON summary
    independent.py make --keys KEYFILE --sender CODE --sender-level LEVEL --recipient CODE
                        --recipient-agreement B64 --sequence N --part NAME=FILE[:sealed] ... -o OUT.zip

Uses `cryptography` (Ed25519, X25519), `pyhpke` (RFC 9180: the PyPI package `hpke` has no X25519 suite) and
`lxml` (the schema). Exit 1 with a message on any refusal.
"""
import argparse, base64, hashlib, hmac, io, json, math, os, re, sys, zipfile
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.exceptions import InvalidSignature
from lxml import etree
from pyhpke import AEADId, CipherSuite, KDFId, KEMId

SUITE_NAME = "ed25519+hpke-x25519-sha256-chacha20poly1305"
NS = "urn:anzhi:package:1"
CHUNK = 1048576
HPKE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.CHACHA20_POLY1305)


def refuse(code, message):
    print(f"refused [{code}] {message}", file=sys.stderr)
    sys.exit(1)


def read_keys(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines[0] != "anzhi-office-keys 1":
        refuse("key-file", "not a key file")
    fields = dict(line.split(" ", 1) for line in lines[1:] if " " in line)
    return base64.b64decode(fields["signing-ed25519"]), base64.b64decode(fields["agreement-x25519"])


def safe(name):
    parts = name.split("/")
    return name and not name.startswith("/") and "\\" not in name and ":" not in name and all(p not in ("", "..") for p in parts)


def info(sender, recipient, sequence):
    return f"anzhi-package/1|{sender}|{recipient}|{sequence}".encode()


def aad(part, index, count):
    return f"{part}|{index}|{count}".encode()


def open_package(args):
    z = zipfile.ZipFile(args.package)
    names = [i.filename for i in z.infolist()]
    for n in names:
        if not safe(n):
            refuse("unsafe-name", n)
    if "manifest.xml" not in names or "manifest.sig" not in names:
        refuse("not-a-package", "no manifest")
    manifest = z.read("manifest.xml")
    if b"<!DOCTYPE" in manifest or b"<!ENTITY" in manifest:
        refuse("manifest-dtd", "DTD")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    doc = etree.fromstring(manifest, parser)
    schema = etree.XMLSchema(etree.parse(args.schema))
    if not schema.validate(doc):
        refuse("manifest-invalid", str(schema.error_log.last_error))
    q = lambda tag: f"{{{NS}}}{tag}"
    if doc.get("version") != "1":
        refuse("unsupported-version", doc.get("version"))
    if doc.get("suite") != SUITE_NAME:
        refuse("unsupported-suite", doc.get("suite"))
    sender = doc.find(q("sender")).get("code")
    recipient = doc.find(q("recipient")).get("code")
    sequence = int(doc.find(q("sequence")).text)
    if recipient != args.recipient:
        refuse("wrong-recipient", recipient)
    parts = [dict(p.attrib) for p in doc.findall(q("part"))]
    expected = {"manifest.xml", "manifest.sig"} | {p["name"] for p in parts}
    if expected - set(names):
        refuse("missing-part", sorted(expected - set(names))[0])
    if set(names) - expected:
        refuse("extra-part", sorted(set(names) - expected)[0])
    stored = {}
    for p in parts:
        data = z.read(p["name"])
        if len(data) != int(p["size"]) or hashlib.sha256(data).hexdigest() != p["sha256"]:
            refuse("part-altered", p["name"])
        stored[p["name"]] = data
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(args.sender_pub)).verify(z.read("manifest.sig"), manifest)
    except InvalidSignature:
        refuse("bad-signature", sender)
    out = {}
    sealed = [p for p in parts if p["sealed"] == "true"]
    if sealed:
        _, agreement = read_keys(args.keys)
        enc = base64.b64decode(doc.find(q("encapsulatedKey")).text)
        ctx = HPKE.create_recipient_context(enc, HPKE.kem.deserialize_private_key(agreement), info=info(sender, recipient, sequence))
        for p in sealed:
            data, plain_size = stored[p["name"]], int(p["plainSize"])
            count = max(1, math.ceil(plain_size / CHUNK))
            pieces, offset = [], 0
            for i in range(count):
                length = min(CHUNK, plain_size - i * CHUNK) + 16
                try:
                    pieces.append(ctx.open(data[offset:offset + length], aad=aad(p["name"], i, count)))
                except Exception as e:
                    refuse("part-altered", f"{p['name']}: {e}")
                offset += length
            if offset != len(data):
                refuse("part-altered", "trailing bytes")
            out[p["name"]] = b"".join(pieces)
    for p in parts:
        if p["sealed"] != "true":
            out[p["name"]] = stored[p["name"]]
    os.makedirs(args.out, exist_ok=True)
    for name, data in out.items():
        target = os.path.join(args.out, name.replace("/", "_"))
        with open(target, "wb") as f:
            f.write(data)
    print(json.dumps({"kind": doc.get("kind"), "sender": sender, "recipient": recipient, "sequence": sequence,
                      "parts": {n: len(d) for n, d in sorted(out.items())}}, ensure_ascii=False, sort_keys=True))


def make_package(args):
    signing, _ = read_keys(args.keys)
    parts = []
    for spec in args.part:
        name, rest = spec.split("=", 1)
        path, _, flag = rest.partition(":")
        parts.append((name, open(path, "rb").read(), flag == "sealed"))
    enc, ctx = None, None
    if any(s for _, _, s in parts):
        pk = HPKE.kem.deserialize_public_key(base64.b64decode(args.recipient_agreement))
        enc, ctx = HPKE.create_sender_context(pk, info=info(args.sender, args.recipient, args.sequence))
    stored, lines = [], []
    for name, data, sealed in parts:
        body = data
        if sealed:
            count = max(1, math.ceil(len(data) / CHUNK))
            body = b"".join(ctx.seal(data[i * CHUNK:(i + 1) * CHUNK], aad=aad(name, i, count)) for i in range(count))
        attrs = f'name="{name}" size="{len(body)}" sha256="{hashlib.sha256(body).hexdigest()}" sealed="{"true" if sealed else "false"}"'
        if sealed:
            attrs += f' plainSize="{len(data)}"'
        lines.append(f"  <part {attrs}/>")
        stored.append((name, body))
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="{NS}" version="1" kind="people" suite="{SUITE_NAME}">\n'
        f'  <sender code="{args.sender}" level="{args.sender_level}"/>\n'
        f'  <recipient code="{args.recipient}"/>\n'
        f"  <sequence>{args.sequence}</sequence>\n"
        "  <created>2026-12-01T09:00:00Z</created>\n"
        + (f"  <encapsulatedKey>{base64.b64encode(enc).decode()}</encapsulatedKey>\n" if enc else "")
        + "\n".join(lines) + "\n</package>\n").encode()
    signature = Ed25519PrivateKey.from_private_bytes(signing).sign(manifest)
    with zipfile.ZipFile(args.o, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.xml", manifest)
        z.writestr("manifest.sig", signature)
        for name, body in stored:
            z.writestr(name, body)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    o = sub.add_parser("open")
    o.add_argument("package"); o.add_argument("--keys", required=True); o.add_argument("--sender-pub", required=True)
    o.add_argument("--recipient", required=True); o.add_argument("--schema", required=True); o.add_argument("--out", required=True)
    m = sub.add_parser("make")
    m.add_argument("--keys", required=True); m.add_argument("--sender", required=True); m.add_argument("--sender-level", required=True)
    m.add_argument("--recipient", required=True); m.add_argument("--recipient-agreement", required=True)
    m.add_argument("--sequence", type=int, required=True); m.add_argument("--part", action="append", default=[])
    m.add_argument("-o", required=True)
    args = ap.parse_args()
    (open_package if args.cmd == "open" else make_package)(args)


if __name__ == "__main__":
    main()
