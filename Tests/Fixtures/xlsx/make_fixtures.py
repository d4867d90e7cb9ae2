#!/usr/bin/env python3
"""Deterministic generator for the Anzhi XLSX reader fixture corpus.

Every case is built from raw XML strings (stdlib only: no openpyxl, no
XlsxWriter), so that each file contains exactly the quirk it is meant to test.

Layout, one folder per case id, next to this script:

    <case-id>/input.xlsx           the package (or hostile / non-XLSX bytes)
    <case-id>/expected.csv         what `anzhi sheet to-csv` prints for the
                                   first visible worksheet
    <case-id>/expected-error.txt   instead of expected.csv for files that must
                                   be refused: a substring the error message
                                   must contain (no trailing newline)
    <case-id>/expected-sheets.txt  (multi-sheet only) sheet names, one a line
    <case-id>/expected-sheet-N.csv (multi-sheet only) to-csv of the N-th sheet

Zip entries get a fixed date_time (1980-01-01 00:00:00), fixed attributes and
compresslevel 9, so reruns are byte-identical.  README.md is regenerated from
the case table below.

Usage:  python3 make_fixtures.py [output-dir]   (default: this script's folder)
"""

import io
import os
import sys
import zipfile

FIXED_DT = (1980, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------
# Namespaces, relationship types, content types
# --------------------------------------------------------------------------

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MAIN_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_R_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"

RT_OFFDOC = "officeDocument"
RT_SHEET = "worksheet"
RT_CHART = "chartsheet"
RT_SST = "sharedStrings"
RT_STYLES = "styles"

CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
_CT_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CT_WORKBOOK = _CT_SML + "sheet.main+xml"
CT_SHEET = _CT_SML + "worksheet+xml"
CT_CHART = _CT_SML + "chartsheet+xml"
CT_SST = _CT_SML + "sharedStrings+xml"
CT_STYLES = _CT_SML + "styles+xml"

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rt(kind, strict=False):
    return (NS_R_STRICT if strict else NS_R) + "/" + kind


# --------------------------------------------------------------------------
# Zip writing
# --------------------------------------------------------------------------

def _zinfo(name):
    zi = zipfile.ZipInfo(name, FIXED_DT)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.create_system = 3
    zi.external_attr = 0o100644 << 16
    zi._compresslevel = 9  # used by ZipFile.open(zinfo, "w"); alias in 3.13+
    return zi


def zip_bytes(entries):
    """entries: list of (name, data) where data is bytes/str or a callable
    returning an iterator of byte chunks (written streamingly, zip64)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zi = _zinfo(name)
            if callable(data):
                with zf.open(zi, "w", force_zip64=True) as out:
                    for chunk in data():
                        out.write(chunk)
            else:
                if isinstance(data, str):
                    data = data.encode("utf-8")
                zf.writestr(zi, data, compresslevel=9)
    return buf.getvalue()


# --------------------------------------------------------------------------
# XML helpers
# --------------------------------------------------------------------------

def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text):
    return esc(text).replace('"', "&quot;")


def t_elem(text, tag="t"):
    """<t> with xml:space="preserve" when the text has outer whitespace."""
    if text != text.strip() or "\n" in text:
        return '<%s xml:space="preserve">%s</%s>' % (tag, esc(text), tag)
    return "<%s>%s</%s>" % (tag, esc(text), tag)


class Raw(str):
    """Already-serialised XML (used for <si> bodies)."""


def content_types(overrides, defaults=(("rels", CT_RELS), ("xml", CT_XML))):
    s = DECL + '<Types xmlns="%s">' % NS_CT
    for ext, ct in defaults:
        s += '<Default Extension="%s" ContentType="%s"/>' % (ext, ct)
    for part, ct in overrides:
        s += '<Override PartName="%s" ContentType="%s"/>' % (part, ct)
    return s + "</Types>"


def rels(items):
    """items: list of (rId, type-uri, target)."""
    s = DECL + '<Relationships xmlns="%s">' % NS_PKG_REL
    for rid, typ, target in items:
        s += '<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid, typ, esc_attr(target))
    return s + "</Relationships>"


def workbook(sheets, ns=NS_MAIN, rns=NS_R, wb_pr="", extra_attrs=""):
    """sheets: list of (name, rId, state-or-None)."""
    s = DECL + '<workbook xmlns="%s" xmlns:r="%s"%s>' % (ns, rns, extra_attrs)
    s += "<workbookPr%s/>" % wb_pr
    s += '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="16000" windowHeight="9000"/></bookViews>'
    s += "<sheets>"
    for i, (name, rid, state) in enumerate(sheets, 1):
        st = ' state="%s"' % state if state else ""
        s += '<sheet name="%s" sheetId="%d"%s r:id="%s"/>' % (esc_attr(name), i, st, rid)
    return s + "</sheets></workbook>"


def worksheet(rows, dim=None, after="", ns=NS_MAIN, rns=NS_R):
    s = DECL + '<worksheet xmlns="%s" xmlns:r="%s">' % (ns, rns)
    if dim:
        s += '<dimension ref="%s"/>' % dim
    s += "<sheetData>" + "".join(rows) + "</sheetData>" + after
    return s + "</worksheet>"


def sst(items, ns=NS_MAIN):
    s = DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">' % (ns, len(items), len(items))
    for it in items:
        s += "<si>%s</si>" % (it if isinstance(it, Raw) else t_elem(it))
    return s + "</sst>"


def styles(xf_fmt_ids=(0,), numfmts=(), ns=NS_MAIN):
    """xf_fmt_ids: numFmtId per cellXfs index; numfmts: (id, code) pairs."""
    s = DECL + '<styleSheet xmlns="%s">' % ns
    if numfmts:
        s += '<numFmts count="%d">' % len(numfmts)
        for fid, code in numfmts:
            s += '<numFmt numFmtId="%d" formatCode="%s"/>' % (fid, esc_attr(code))
        s += "</numFmts>"
    s += ('<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill>'
          '<fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>')
    s += '<cellXfs count="%d">' % len(xf_fmt_ids)
    for fid in xf_fmt_ids:
        app = ' applyNumberFormat="1"' if fid else ""
        s += '<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>' % (fid, app)
    s += "</cellXfs>"
    s += '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    return s + "</styleSheet>"


# cell / row helpers ------------------------------------------------------

def row(r, *cells, attrs=""):
    ra = ' r="%d"' % r if r is not None else ""
    return "<row%s%s>%s</row>" % (ra, attrs, "".join(cells))


def _r(ref):
    return ' r="%s"' % ref if ref is not None else ""


def _s(s):
    return ' s="%d"' % s if s is not None else ""


def cs(ref, idx, s=None):
    return '<c%s%s t="s"><v>%d</v></c>' % (_r(ref), _s(s), idx)


def cn(ref, v, s=None):
    return "<c%s%s><v>%s</v></c>" % (_r(ref), _s(s), v)


def cb(ref, b):
    return '<c%s t="b"><v>%d</v></c>' % (_r(ref), 1 if b else 0)


def ce(ref, code):
    return '<c%s t="e"><v>%s</v></c>' % (_r(ref), esc(code))


def ci(ref, text, s=None):
    return '<c%s%s t="inlineStr"><is>%s</is></c>' % (_r(ref), _s(s), t_elem(text))


def cx(ref, inner, attrs=""):
    return "<c%s%s>%s</c>" % (_r(ref), attrs, inner)


# --------------------------------------------------------------------------
# Standard package
# --------------------------------------------------------------------------

def standard(sheets, sst_xml=None, styles_xml=None, wb_pr="", absolute=False,
             strict=False, wb_attrs=""):
    """sheets: list of dicts with name, xml, state (opt), kind (opt).
    Returns the zip entry list: [(name, data)]."""
    ns = NS_MAIN_STRICT if strict else NS_MAIN
    rns = NS_R_STRICT if strict else NS_R
    pre = "/" if absolute else ""
    overrides = [("/xl/workbook.xml", CT_WORKBOOK)]
    wb_rels, wb_sheets, parts = [], [], []
    n = 0
    for i, sh in enumerate(sheets, 1):
        kind = sh.get("kind", "worksheet")
        rid = "rId%d" % i
        if kind == "chartsheet":
            path = "xl/chartsheets/sheet%d.xml" % i
            overrides.append(("/" + path, CT_CHART))
            wb_rels.append((rid, rt(RT_CHART, strict), pre + (path if absolute else path[3:])))
        else:
            n += 1
            path = "xl/worksheets/sheet%d.xml" % n
            overrides.append(("/" + path, CT_SHEET))
            wb_rels.append((rid, rt(RT_SHEET, strict), pre + (path if absolute else path[3:])))
        wb_sheets.append((sh["name"], rid, sh.get("state")))
        parts.append((path, sh["xml"]))
    k = len(sheets)
    if styles_xml is not None:
        k += 1
        overrides.append(("/xl/styles.xml", CT_STYLES))
        wb_rels.append(("rId%d" % k, rt(RT_STYLES, strict), "/xl/styles.xml" if absolute else "styles.xml"))
    if sst_xml is not None:
        k += 1
        overrides.append(("/xl/sharedStrings.xml", CT_SST))
        wb_rels.append(("rId%d" % k, rt(RT_SST, strict),
                        "/xl/sharedStrings.xml" if absolute else "sharedStrings.xml"))
    entries = [
        ("[Content_Types].xml", content_types(overrides)),
        ("_rels/.rels", rels([("rId1", rt(RT_OFFDOC, strict), pre + "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook(wb_sheets, ns, rns, wb_pr, wb_attrs)),
        ("xl/_rels/workbook.xml.rels", rels(wb_rels)),
    ]
    entries += parts
    if styles_xml is not None:
        entries.append(("xl/styles.xml", styles_xml))
    if sst_xml is not None:
        entries.append(("xl/sharedStrings.xml", sst_xml))
    return entries


def one_sheet(rows, dim=None, sst_items=None, xfs=(0,), numfmts=(), after="",
              with_styles=True, **kw):
    return standard(
        [{"name": "Sheet1", "xml": worksheet(rows, dim, after)}],
        sst_xml=sst(sst_items) if sst_items is not None else None,
        styles_xml=styles(xfs, numfmts) if with_styles else None,
        **kw)


def rename(entries, mapping):
    return [(mapping.get(n, n), d) for n, d in entries]


# --------------------------------------------------------------------------
# Expected CSV
# --------------------------------------------------------------------------

def csv_field(f):
    if any(ch in f for ch in ',"\r\n'):
        return '"' + f.replace('"', '""') + '"'
    return f


def csv_text(rows):
    """rows: list of lists of str, already as wide as the used range.
    Self-checks the layout rules so a typo in a case is caught here."""
    width = len(rows[0])
    for r in rows:
        assert len(r) == width, ("ragged expected row", r)
    assert any(f != "" for f in rows[-1]), "trailing empty row in expected"
    assert any(r[-1] != "" for r in rows), "trailing empty column in expected"
    return "".join(",".join(csv_field(f) for f in r) + "\n" for r in rows)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

CASES = []


def case(cid, desc):
    def deco(fn):
        CASES.append((cid, desc, fn))
        return fn
    return deco


# Each case returns a dict: input (bytes) and either csv (rows) or error (str),
# optionally extra {filename: text}.

@case("basic-shared", "sharedStrings + styles; header row and two data rows of text, number and boolean")
def _():
    rows = [
        row(1, cs("A1", 0), cs("B1", 1), cs("C1", 2)),
        row(2, cs("A2", 3), cn("B2", 30), cb("C2", True)),
        row(3, cs("A3", 4), cn("B3", 41.5), cb("C3", False)),
    ]
    return {"input": zip_bytes(one_sheet(rows, "A1:C3", ["Name", "Age", "Member", "Alice", "Bob"])),
            "csv": [["Name", "Age", "Member"], ["Alice", "30", "TRUE"], ["Bob", "41.5", "FALSE"]]}


@case("csv-quoting", "RFC 4180 output quoting: comma, double quote, LF, CJK with full-width and ASCII commas, leading space")
def _():
    rows = [
        row(1, ci("A1", "a,b"), ci("B1", 'say "hi"'), ci("C1", "plain")),
        row(2, ci("A2", "line1\nline2"), ci("B2", "中文，全角"), ci("C2", "中文,半角")),
        row(3, ci("A3", " lead"), ci("B3", '"'), ci("C3", "end")),
    ]
    return {"input": zip_bytes(one_sheet(rows, "A1:C3")),
            "csv": [["a,b", 'say "hi"', "plain"],
                    ["line1\nline2", "中文，全角", "中文,半角"],
                    [" lead", '"', "end"]]}


@case("rels-absolute", "relationship targets are absolute: /xl/workbook.xml, /xl/worksheets/sheet1.xml, /xl/sharedStrings.xml")
def _():
    rows = [row(1, cs("A1", 0), cn("B1", 7))]
    return {"input": zip_bytes(one_sheet(rows, "A1:B1", ["abs"], absolute=True)),
            "csv": [["abs", "7"]]}


@case("rels-relative-dotdot", "worksheet at xl/sheets/data/s1.xml (target sheets/data/s1.xml); sharedStrings target ../xl/sharedStrings.xml; styles ./styles.xml")
def _():
    sheet = worksheet([row(1, cs("A1", 0), cn("B1", 2))], "A1:B1")
    entries = [
        ("[Content_Types].xml", content_types([
            ("/xl/workbook.xml", CT_WORKBOOK), ("/xl/sheets/data/s1.xml", CT_SHEET),
            ("/xl/sharedStrings.xml", CT_SST), ("/xl/styles.xml", CT_STYLES)])),
        ("_rels/.rels", rels([("rId1", rt(RT_OFFDOC), "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook([("Sheet1", "rId1", None)])),
        ("xl/_rels/workbook.xml.rels", rels([
            ("rId1", rt(RT_SHEET), "sheets/data/s1.xml"),
            ("rId2", rt(RT_SST), "../xl/sharedStrings.xml"),
            ("rId3", rt(RT_STYLES), "./styles.xml")])),
        ("xl/sheets/data/s1.xml", sheet),
        ("xl/sharedStrings.xml", sst(["dotdot"])),
        ("xl/styles.xml", styles()),
    ]
    return {"input": zip_bytes(entries), "csv": [["dotdot", "2"]]}


@case("rels-backslash", "every zip entry name uses backslashes (xl\\worksheets\\sheet1.xml); rels use forward slashes")
def _():
    entries = one_sheet([row(1, cs("A1", 0), cn("B1", 3))], "A1:B1", ["backslash"])
    entries = [(n.replace("/", "\\"), d) for n, d in entries]
    return {"input": zip_bytes(entries), "csv": [["backslash", "3"]]}


@case("part-case", "zip entries xl/SharedStrings.xml and Xl/Worksheets/Sheet1.xml while rels and content types say lower case")
def _():
    entries = one_sheet([row(1, cs("A1", 0), cn("B1", 4))], "A1:B1", ["case"])
    entries = rename(entries, {"xl/sharedStrings.xml": "xl/SharedStrings.xml",
                               "xl/worksheets/sheet1.xml": "Xl/Worksheets/Sheet1.xml"})
    return {"input": zip_bytes(entries), "csv": [["case", "4"]]}


@case("root-workbook", "workbook.xml at the package root, its rels in _rels/workbook.xml.rels, sheet at data/s.xml, sharedStrings at root (calamine c20)")
def _():
    entries = [
        ("[Content_Types].xml", content_types([
            ("/workbook.xml", CT_WORKBOOK), ("/data/s.xml", CT_SHEET), ("/sharedStrings.xml", CT_SST)])),
        ("_rels/.rels", rels([("rId1", rt(RT_OFFDOC), "workbook.xml")])),
        ("workbook.xml", workbook([("Sheet1", "rId1", None)])),
        ("_rels/workbook.xml.rels", rels([
            ("rId1", rt(RT_SHEET), "data/s.xml"), ("rId2", rt(RT_SST), "sharedStrings.xml")])),
        ("data/s.xml", worksheet([row(1, cs("A1", 0), cn("B1", 5))], "A1:B1")),
        ("sharedStrings.xml", sst(["root"])),
    ]
    return {"input": zip_bytes(entries), "csv": [["root", "5"]]}


@case("no-content-types", "no [Content_Types].xml entry at all; parts found through rels only")
def _():
    entries = one_sheet([row(1, cs("A1", 0), cn("B1", 6))], "A1:B1", ["no ct"])
    entries = [e for e in entries if e[0] != "[Content_Types].xml"]
    return {"input": zip_bytes(entries), "csv": [["no ct", "6"]]}


@case("strict-ooxml", "ISO Strict: purl.oclc.org spreadsheetml/main namespace and purl.oclc.org relationship types, conformance=\"strict\"")
def _():
    rows = [row(1, cs("A1", 0), cn("B1", 1.25), cb("C1", True)), row(2, cs("A2", 1))]
    entries = standard(
        [{"name": "Sheet1", "xml": worksheet(rows, "A1:C2", ns=NS_MAIN_STRICT, rns=NS_R_STRICT)}],
        sst_xml=sst(["strict", "x"], ns=NS_MAIN_STRICT),
        styles_xml=styles(ns=NS_MAIN_STRICT), strict=True, wb_attrs=' conformance="strict"')
    return {"input": zip_bytes(entries), "csv": [["strict", "1.25", "TRUE"], ["x", "", ""]]}


@case("prefixed-ns", "every SpreadsheetML element x:-prefixed (OpenXML SDK style), sheet r:id written as rel:id; prefixed styles give a date")
def _():
    X = NS_MAIN
    wb = (DECL + '<x:workbook xmlns:x="%s" xmlns:rel="%s"><x:workbookPr/><x:sheets>'
          '<x:sheet name="Sheet1" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>' % (X, NS_R))
    sheet = (DECL + '<x:worksheet xmlns:x="%s"><x:dimension ref="A1:B2"/><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>9</x:v></x:c></x:row>'
             '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>'
             '<x:c r="B2" s="1"><x:v>45658</x:v></x:c></x:row>'
             '</x:sheetData></x:worksheet>' % X)
    sst_x = (DECL + '<x:sst xmlns:x="%s" count="1" uniqueCount="1"><x:si><x:t>prefixed</x:t></x:si></x:sst>' % X)
    sty = (DECL + '<x:styleSheet xmlns:x="%s">'
           '<x:fonts count="1"><x:font><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts>'
           '<x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill>'
           '<x:fill><x:patternFill patternType="gray125"/></x:fill></x:fills>'
           '<x:borders count="1"><x:border/></x:borders>'
           '<x:cellStyleXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellStyleXfs>'
           '<x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<x:xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></x:cellXfs>'
           '</x:styleSheet>' % X)
    entries = [
        ("[Content_Types].xml", content_types([
            ("/xl/workbook.xml", CT_WORKBOOK), ("/xl/worksheets/sheet1.xml", CT_SHEET),
            ("/xl/sharedStrings.xml", CT_SST), ("/xl/styles.xml", CT_STYLES)])),
        ("_rels/.rels", rels([("rId1", rt(RT_OFFDOC), "xl/workbook.xml")])),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels([
            ("rId1", rt(RT_SHEET), "worksheets/sheet1.xml"), ("rId2", rt(RT_STYLES), "styles.xml"),
            ("rId3", rt(RT_SST), "sharedStrings.xml")])),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/styles.xml", sty),
        ("xl/sharedStrings.xml", sst_x),
    ]
    return {"input": zip_bytes(entries), "csv": [["prefixed", "9"], ["inline", "2025-01-01"]]}


@case("no-dimension", "worksheet without <dimension>; extent comes from the cells")
def _():
    rows = [row(1, cs("A1", 0), cn("B1", 1)), row(2, cn("A2", 2), cn("B2", 3))]
    return {"input": zip_bytes(one_sheet(rows, None, ["no"])),
            "csv": [["no", "1"], ["2", "3"]]}


@case("wrong-dimension", "<dimension ref=\"A1\"/> but data runs to C3 (openpyxl read-only loses it)")
def _():
    rows = [row(1, cs("A1", 0), cs("B1", 1), cs("C1", 2)),
            row(2, cn("A2", 1), cn("B2", 2), cn("C2", 3)),
            row(3, cn("A3", 4), cn("B3", 5), cn("C3", 6))]
    return {"input": zip_bytes(one_sheet(rows, "A1", ["a", "b", "c"])),
            "csv": [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]]}


@case("no-r-attrs", "no r attribute on any <row> or <c>: running row/column counters")
def _():
    rows = [row(None, cs(None, 0), cs(None, 1), cn(None, 1)),
            row(None, cn(None, 2), cn(None, 3)),
            row(None, cs(None, 2))]
    return {"input": zip_bytes(one_sheet(rows, None, ["x", "y", "z"])),
            "csv": [["x", "y", "1"], ["2", "3", ""], ["z", "", ""]]}


@case("rows-out-of-order", "<row r=\"2\"> comes before <row r=\"1\">; output is in row order")
def _():
    rows = [row(2, cn("A2", 2), cs("B2", 1)),
            row(1, cn("A1", 1), cs("B1", 0)),
            row(3, cn("A3", 3), cs("B3", 2))]
    return {"input": zip_bytes(one_sheet(rows, "A1:B3", ["first", "second", "third"])),
            "csv": [["1", "first"], ["2", "second"], ["3", "third"]]}


@case("sparse-gaps", "cells A1, C1, B3 (row 2 absent); styled empty E4 and style-only row 5 are not data and get trimmed")
def _():
    rows = [row(1, ci("A1", "a1"), ci("C1", "c1")),
            row(3, ci("B3", "b3")),
            row(4, '<c r="E4" s="1"/>'),
            '<row r="5" s="1" customFormat="1"/>']
    return {"input": zip_bytes(one_sheet(rows, "A1:E5", xfs=(0, 0))),
            "csv": [["a1", "", "c1"], ["", "", ""], ["", "b3", ""]]}


@case("leading-empty", "first data in C3 (and D4): two leading empty rows and columns are kept")
def _():
    rows = [row(3, ci("C3", "x")), row(4, cn("D4", 1))]
    return {"input": zip_bytes(one_sheet(rows, "C3:D4")),
            "csv": [["", "", "", ""], ["", "", "", ""], ["", "", "x", ""], ["", "", "", "1"]]}


@case("inline-rich", "inlineStr: plain <t>, rich <r><t> runs, a stray <v> to ignore, <t> followed by <r>, <rPh> skipped")
def _():
    rows = [
        row(1,
            ci("A1", "plain"),
            cx("B1", '<is><r><rPr><b/></rPr><t>Bold</t></r><r><rPr><i/></rPr>'
                     '<t xml:space="preserve"> and italic</t></r></is>', ' t="inlineStr"'),
            cx("C1", "<v>99</v><is><t>real</t></is>", ' t="inlineStr"'),
            cx("D1", "<is><t>head</t><r><t>tail</t></r></is>", ' t="inlineStr"')),
        row(2,
            cx("A2", '<is><t>日本</t><rPh sb="0" eb="2"><t>にほん</t></rPh></is>', ' t="inlineStr"')),
    ]
    return {"input": zip_bytes(one_sheet(rows, "A1:D2")),
            "csv": [["plain", "Bold and italic", "real", "headtail"], ["日本", "", "", ""]]}


@case("sst-rich-phonetic", "shared strings with rich runs, <rPh> phonetic runs (skipped), <phoneticPr>, CDATA in <t>")
def _():
    items = [
        "plain",
        Raw('<r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t>Rich</t></r>'
            '<r><rPr><sz val="11"/></rPr><t xml:space="preserve"> text</t></r>'),
        Raw('<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>'),
        Raw("<t><![CDATA[a<b & c]]></t>"),
        Raw("<t>x<![CDATA[<y>]]>z</t>"),
        Raw('<r><t>漢</t></r><r><t>字</t></r><rPh sb="0" eb="2"><t>かんじ</t></rPh>'
            '<phoneticPr fontId="1" type="Hiragana"/>'),
    ]
    rows = [row(i + 1, cs("A%d" % (i + 1), i)) for i in range(len(items))]
    return {"input": zip_bytes(one_sheet(rows, "A1:A6", items)),
            "csv": [["plain"], ["Rich text"], ["東京"], ["a<b & c"], ["x<y>z"], ["漢字"]]}


@case("escapes", "_x000D_, _x0009_, _x005F_x0041_, _x0041_, malformed _x12_, entities, char refs, padding with/without xml:space")
def _():
    items = [
        Raw("<t>a_x000D_b</t>"),                                  # 0
        Raw("<t>tab_x0009_here</t>"),                             # 1
        Raw("<t>_x005F_x0041_</t>"),                              # 2
        Raw("<t>_x0041_BC</t>"),                                  # 3
        Raw("<t>&amp;&lt;&gt;</t>"),                              # 4
        Raw('<t xml:space="preserve">  padded  </t>'),            # 5
        Raw("<t>  unpreserved  </t>"),                            # 6
        Raw("<t>&#x4E2D;&#25991;</t>"),                           # 7
        Raw("<t>say &quot;hi&quot;</t>"),                         # 8
        Raw('<t xml:space="preserve">l1\nl2</t>'),                # 9
        Raw("<t>_x12_</t>"),                                      # 10
        Raw('<t xml:space="preserve">   </t>'),                   # 11
        Raw("<t>x_x000D__x000A_y</t>"),                           # 12
    ]
    rows = [row(i + 1, cs("A%d" % (i + 1), i)) for i in range(len(items))]
    n = len(items) + 1
    rows.append(row(n, cx("A%d" % n, "<is><t>in_x0009_line</t></is>", ' t="inlineStr"')))
    return {"input": zip_bytes(one_sheet(rows, "A1:A%d" % n, items)),
            "csv": [["a\rb"], ["tab\there"], ["_x0041_"], ["ABC"], ["&<>"], ["  padded  "],
                    ["  unpreserved  "], ["中文"], ['say "hi"'], ["l1\nl2"], ["_x12_"], ["   "],
                    ["x\r\ny"], ["in\tline"]]}


@case("cell-types", "t=n with <v/> and <v></v> (empty), b, e (#DIV/0!, #N/A), str, d (date / date-time), number spellings")
def _():
    spec = [
        ("n-empty", '<c r="B1" t="n"><v/></c>', ""),
        ("n-blank-v", '<c r="B2"><v></v></c>', ""),
        ("bool-true", cb("B3", True), "TRUE"),
        ("bool-false", cb("B4", False), "FALSE"),
        ("err-div0", ce("B5", "#DIV/0!"), "#DIV/0!"),
        ("err-na", ce("B6", "#N/A"), "#N/A"),
        ("str-formula", '<c r="B7" t="str"><f>"ab"&amp;"cd"</f><v>abcd</v></c>', "abcd"),
        ("date-iso", '<c r="B8" t="d"><v>2026-03-05</v></c>', "2026-03-05"),
        ("datetime-iso", '<c r="B9" t="d"><v>2026-03-05T14:30:00</v></c>', "2026-03-05 14:30:00"),
        ("num-0.1", cn("B10", "0.1"), "0.1"),
        ("num-0.1+0.2", cn("B11", "0.30000000000000004"), "0.30000000000000004"),
        ("num-neg", cn("B12", "-5"), "-5"),
        ("num-1E-3", cn("B13", "1E-3"), "0.001"),
        ("num-1.5E3", cn("B14", "1.5E3"), "1500"),
        ("num-2.50", cn("B15", "2.50"), "2.5"),
        ("num-phone", cn("B16", "13812345678"), "13812345678"),
        ("num-15-digits", cn("B17", "123456789012345"), "123456789012345"),
        ("num-t-n", '<c r="B18" t="n"><v>42</v></c>', "42"),
        ("num-neg-frac", cn("B19", "-0.25"), "-0.25"),
        ("num-100.0", cn("B20", "100.0"), "100"),
    ]
    rows = [row(i + 1, ci("A%d" % (i + 1), label), cell) for i, (label, cell, _) in enumerate(spec)]
    return {"input": zip_bytes(one_sheet(rows, "A1:B%d" % len(spec))),
            "csv": [[label, exp] for label, _, exp in spec]}


@case("formulas", "cached values of plain, shared (t=shared si=0) and array formulas; error and boolean results; formulas without <v> print empty")
def _():
    rows = [
        row(1, cn("A1", 1), cx("B1", '<f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v>'),
            cx("C1", "<f>SUM(A1:A3)</f><v>6</v>"), cx("D1", '<f>"x"</f>', ' t="str"')),
        row(2, cn("A2", 2), cx("B2", '<f t="shared" si="0"/><v>4</v>'),
            cx("C2", "<f>A1/0</f><v>#DIV/0!</v>", ' t="e"'), cx("D2", "<f>1=1</f><v>1</v>", ' t="b"')),
        row(3, cn("A3", 3), cx("B3", '<f t="shared" si="0"/><v>6</v>'),
            cx("C3", "<f>NOW()</f>"), cx("D3", '<f t="array" ref="D3">SUM(A1:A3*1)+1</f><v>7</v>')),
    ]
    return {"input": zip_bytes(one_sheet(rows, "A1:D3")),
            "csv": [["1", "2", "6", ""], ["2", "4", "#DIV/0!", "TRUE"], ["3", "6", "", "7"]]}


@case("merged", "merged B2:C3 (<mergeCells> after sheetData) with the value only in B2; styled empty C2/B3/C3")
def _():
    rows = [row(1, ci("A1", "title"), ci("D1", "d1")),
            row(2, ci("B2", "merged", s=1), '<c r="C2" s="1"/>'),
            row(3, '<c r="B3" s="1"/>', '<c r="C3" s="1"/>'),
            row(4, ci("A4", "end"))]
    after = '<mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>'
    return {"input": zip_bytes(one_sheet(rows, "A1:D4", xfs=(0, 0), after=after)),
            "csv": [["title", "", "", "d1"], ["", "merged", "", ""], ["", "", "", ""], ["end", "", "", ""]]}


@case("dates-builtin", "built-in numFmtIds 14, 22, 27, 31, 57, 58 (dates), 46 ([h]:mm:ss), 20, 45 (times), 49 (@ = plain number), 0")
def _():
    xfs = [0, 14, 22, 27, 31, 57, 58, 46, 20, 45, 49]
    x = {fid: i for i, fid in enumerate(xfs)}
    spec = [
        ("general", 0, "45658", "45658"),
        ("fmt14", 14, "45658", "2025-01-01"),
        ("fmt14-frac", 14, "45658.25", "2025-01-01 06:00:00"),
        ("fmt22", 22, "45658.5", "2025-01-01 12:00:00"),
        ("fmt22-int", 22, "45658", "2025-01-01 00:00:00"),  # a date-time format prints date-times
        ("fmt27", 27, "45658", "2025-01-01"),
        ("fmt31", 31, "45658", "2025-01-01"),
        ("fmt57", 57, "45658", "2025-01-01"),
        ("fmt58", 58, "45658", "2025-01-01"),
        ("fmt46", 46, "1.5", "36:00:00"),
        ("fmt46-lt1", 46, "0.5", "12:00:00"),
        ("fmt46-long", 46, "100.25", "2406:00:00"),
        ("fmt20", 20, "0.75", "18:00:00"),
        ("fmt45", 45, repr(90 / 86400), "00:01:30"),
        ("fmt49", 49, "45658", "45658"),
    ]
    rows = [row(i + 1, ci("A%d" % (i + 1), lab), cn("B%d" % (i + 1), v, s=x[fid]))
            for i, (lab, fid, v, _) in enumerate(spec)]
    return {"input": zip_bytes(one_sheet(rows, "A1:B%d" % len(spec), xfs=xfs)),
            "csv": [[lab, exp] for lab, _, _, exp in spec]}


@case("dates-custom", "custom numFmts (ids >= 164): CJK and locale dates, [Red]/accounting/quoted/escaped non-dates, time, [h]:mm, ;@ section; numFmt overriding built-in ids 14 and 3")
def _():
    numfmts = [
        (164, 'yyyy"年"m"月"d"日"'),
        (165, "[$-804]yyyy/m/d"),
        (166, "[Red]0.00"),
        (167, "0.00_);(0.00)"),
        (168, '"y"0'),
        (169, '0" days"'),
        (170, "0.0\\ \\k\\m"),
        (171, "hh:mm:ss"),
        (172, "[h]:mm"),
        (173, "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"),
        (174, "yyyy/m/d;@"),
        (175, "yyyy-mm-dd hh:mm:ss"),
        (14, "0.00"),
        (3, "yyyy-mm-dd"),
    ]
    xfs = [0] + [fid for fid, _ in numfmts]
    x = {fid: i for i, fid in enumerate(xfs)}
    spec = [
        ("cjk-date", 164, "45658", "2025-01-01"),
        ("locale-804", 165, "45658", "2025-01-01"),
        ("red-number", 166, "45658", "45658"),
        ("accounting", 167, "45658", "45658"),
        ("quoted-y", 168, "45658", "45658"),
        ("quoted-days", 169, "45658", "45658"),
        ("escaped-km", 170, "45658", "45658"),
        ("time", 171, "0.5", "12:00:00"),
        ("duration", 172, "1.5", "36:00:00"),
        ("long-date-F800", 173, "45658", "2025-01-01"),
        ("date-at-section", 174, "45658", "2025-01-01"),
        ("datetime", 175, "45658.5", "2025-01-01 12:00:00"),
        ("override-14-as-number", 14, "45658", "45658"),
        ("override-3-as-date", 3, "45658", "2025-01-01"),
    ]
    rows = [row(i + 1, ci("A%d" % (i + 1), lab), cn("B%d" % (i + 1), v, s=x[fid]))
            for i, (lab, fid, v, _) in enumerate(spec)]
    return {"input": zip_bytes(one_sheet(rows, "A1:B%d" % len(spec), xfs=xfs, numfmts=numfmts)),
            "csv": [[lab, exp] for lab, _, _, exp in spec]}


@case("date-serials", "1900 system with numFmtId 14: serials 1, 59, 60 (fictitious 1900-02-29 -> 1900-02-28), 61, 25569, 2958465")
def _():
    spec = [("1", "1900-01-01"), ("59", "1900-02-28"), ("60", "1900-02-28"),
            ("61", "1900-03-01"), ("25569", "1970-01-01"), ("2958465", "9999-12-31")]
    rows = [row(i + 1, cn("A%d" % (i + 1), v, s=1)) for i, (v, _) in enumerate(spec)]
    return {"input": zip_bytes(one_sheet(rows, "A1:A%d" % len(spec), xfs=(0, 14))),
            "csv": [[exp] for _, exp in spec]}


@case("date1904", "<workbookPr date1904=\"1\"/>: serial 0 = 1904-01-01, 1, 44196 (= 45658 - 1462) and 44196.5")
def _():
    spec = [("0", "1904-01-01"), ("1", "1904-01-02"), ("44196", "2025-01-01"),
            ("44196.5", "2025-01-01 12:00:00")]
    rows = [row(i + 1, cn("A%d" % (i + 1), v, s=1)) for i, (v, _) in enumerate(spec)]
    return {"input": zip_bytes(one_sheet(rows, "A1:A%d" % len(spec), xfs=(0, 14),
                                         wb_pr=' date1904="1"')),
            "csv": [[exp] for _, exp in spec]}


@case("no-styles", "no styles.xml part or relationship; numbers print as plain numbers")
def _():
    rows = [row(1, cs("A1", 0), cn("B1", 45658), cn("C1", 0.5))]
    return {"input": zip_bytes(one_sheet(rows, "A1:C1", ["no styles"], with_styles=False)),
            "csv": [["no styles", "45658", "0.5"]]}


@case("no-sst", "no sharedStrings.xml part or relationship; inline strings only")
def _():
    rows = [row(1, ci("A1", "inline only"), cn("B1", 1), cb("C1", True))]
    return {"input": zip_bytes(one_sheet(rows, "A1:C1")),
            "csv": [["inline only", "1", "TRUE"]]}


@case("hidden-first", "sheets: Hidden (state=hidden), Chart1 (chartsheet rel type), Secret (veryHidden), Visible; default sheet is Visible")
def _():
    chart = (DECL + '<chartsheet xmlns="%s" xmlns:r="%s"><sheetViews>'
             '<sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>'
             % (NS_MAIN, NS_R))
    sheets = [
        {"name": "Hidden", "state": "hidden", "xml": worksheet([row(1, ci("A1", "hidden data"))], "A1")},
        {"name": "Chart1", "kind": "chartsheet", "xml": chart},
        {"name": "Secret", "state": "veryHidden", "xml": worksheet([row(1, ci("A1", "secret"))], "A1")},
        {"name": "Visible", "xml": worksheet([row(1, ci("A1", "visible"), cn("B1", 1))], "A1:B1")},
    ]
    entries = standard(sheets, styles_xml=styles())
    ct = entries[0][1].replace(
        "</Types>", '<Override PartName="/xl/drawings/drawing1.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
    entries[0] = ("[Content_Types].xml", ct)
    entries += [
        ("xl/chartsheets/_rels/sheet2.xml.rels",
         rels([("rId1", rt("drawing"), "../drawings/drawing1.xml")])),
        ("xl/drawings/drawing1.xml",
         DECL + '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
                'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'),
    ]
    return {"input": zip_bytes(entries), "csv": [["visible", "1"]]}


@case("multi-sheet", "three sheets named 名册, 'Sheet 2', 数据; expected-sheets.txt lists them; expected-sheet-N.csv per sheet")
def _():
    s1 = worksheet([row(1, cs("A1", 0), cs("B1", 1)), row(2, cs("A2", 2), cs("B2", 3))], "A1:B2")
    s2 = worksheet([row(1, ci("A1", "second"), cn("B1", 2))], "A1:B1")
    s3 = worksheet([row(1, ci("A1", "第三"), cn("B1", 3))], "A1:B1")
    sheets = [{"name": "名册", "xml": s1}, {"name": "Sheet 2", "xml": s2}, {"name": "数据", "xml": s3}]
    csv1 = [["姓名", "编号"], ["张三", "001"]]
    csv2 = [["second", "2"]]
    csv3 = [["第三", "3"]]
    return {"input": zip_bytes(standard(sheets, sst_xml=sst(["姓名", "编号", "张三", "001"]),
                                        styles_xml=styles())),
            "csv": csv1,
            "extra": {"expected-sheets.txt": "名册\nSheet 2\n数据\n",
                      "expected-sheet-1.csv": csv_text(csv1),
                      "expected-sheet-2.csv": csv_text(csv2),
                      "expected-sheet-3.csv": csv_text(csv3)}}


@case("long-string-max", "inline string of exactly 32,767 characters (the limit; accepted)")
def _():
    text = "a" * 32767
    return {"input": zip_bytes(one_sheet([row(1, ci("A1", text))], "A1")), "csv": [[text]]}


# ---- hostile / non-XLSX ---------------------------------------------------

BOMB_SIZE = 200 * 1024 * 1024


@case("bomb-ratio", "sheet1.xml inflates to ~200 MiB of whitespace inside <sheetData> (deflate ~1000:1); file < 1 MB")
def _():
    head = worksheet([], "A1").split("<sheetData>")[0].encode() + b"<sheetData>"
    tail = b'<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'

    def chunks():
        yield head
        block = b" " * (1024 * 1024)
        for _ in range(BOMB_SIZE // len(block)):
            yield block
        yield tail

    entries = one_sheet([], "A1")
    entries = [(n, chunks if n == "xl/worksheets/sheet1.xml" else d) for n, d in entries]
    data = zip_bytes(entries)
    assert len(data) < 1024 * 1024, len(data)
    return {"input": data, "error": "zip bomb"}


@case("entity-expansion", "billion-laughs <!DOCTYPE> with nested internal entities in the worksheet XML")
def _():
    dtd = '<!DOCTYPE worksheet [\n<!ENTITY lol "lol">\n'
    for i in range(1, 10):
        prev = "lol" if i == 1 else "lol%d" % (i - 1)
        dtd += '<!ENTITY lol%d "%s">\n' % (i, ("&%s;" % prev) * 10)
    dtd += "]>\n"
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n' + dtd +
             '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is>'
             '</c></row></sheetData></worksheet>' % NS_MAIN)
    entries = one_sheet([], "A1")
    entries = [(n, sheet if n == "xl/worksheets/sheet1.xml" else d) for n, d in entries]
    return {"input": zip_bytes(entries), "error": "DTD"}


@case("external-entity", "sharedStrings.xml declares <!ENTITY e SYSTEM \"file:///etc/passwd\"> and uses &e;")
def _():
    sst_xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
               '<sst xmlns="%s" count="1" uniqueCount="1"><si><t>&e;</t></si></sst>' % NS_MAIN)
    entries = one_sheet([row(1, cs("A1", 0))], "A1", ["placeholder"])
    entries = [(n, sst_xml if n == "xl/sharedStrings.xml" else d) for n, d in entries]
    return {"input": zip_bytes(entries), "error": "DTD"}


@case("ref-beyond-xfd", "cell reference XFE1 (column 16,385) next to a normal A1")
def _():
    rows = [row(1, cn("A1", 1), cn("XFE1", 2))]
    return {"input": zip_bytes(one_sheet(rows, "A1:XFE1")), "error": "beyond"}


@case("ref-beyond-max-row", "<row r=\"1048577\"> with cell A1048577 (row 1,048,577)")
def _():
    rows = [row(1, cn("A1", 1)), row(1048577, cn("A1048577", 2))]
    return {"input": zip_bytes(one_sheet(rows, "A1:A1048577")), "error": "beyond"}


@case("long-string", "inline string of 32,768 characters (one over the 32,767 cell limit)")
def _():
    return {"input": zip_bytes(one_sheet([row(1, ci("A1", "a" * 32768))], "A1")), "error": "32767"}


@case("long-string-utf16", "inline string of 16,384 U+20000 characters = 32,768 UTF-16 units (limit counts UTF-16 units)")
def _():
    return {"input": zip_bytes(one_sheet([row(1, ci("A1", "\U00020000" * 16384))], "A1")),
            "error": "32767"}


@case("truncated-zip", "the first half of basic-shared/input.xlsx (no central directory)")
def _():
    full = CASE_OUTPUT["basic-shared"]
    return {"input": full[: len(full) // 2], "error": "truncated"}


@case("empty-file", "zero-byte input.xlsx")
def _():
    return {"input": b"", "error": "empty"}


def cfb(names):
    """A minimal but structurally valid Compound File Binary (v3, 512-byte
    sectors): header, one FAT sector, one directory sector.  names[0] is the
    root storage; the rest are zero-length streams (a name starting with
    "\x06" is an empty storage), chained as right siblings in CFB name order.
    Enough for magic + stream-name sniffing and for real CFB parsers."""
    END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    le16 = lambda v: v.to_bytes(2, "little")
    le32 = lambda v: v.to_bytes(4, "little")
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    hdr[0x18:0x1A] = le16(0x003E)        # minor version
    hdr[0x1A:0x1C] = le16(0x0003)        # major version 3
    hdr[0x1C:0x1E] = le16(0xFFFE)        # byte order
    hdr[0x1E:0x20] = le16(9)             # 512-byte sectors
    hdr[0x20:0x22] = le16(6)             # 64-byte mini sectors
    hdr[0x2C:0x30] = le32(1)             # number of FAT sectors
    hdr[0x30:0x34] = le32(1)             # first directory sector
    hdr[0x38:0x3C] = le32(0x1000)        # mini stream cutoff
    hdr[0x3C:0x40] = le32(END)           # first mini FAT sector
    hdr[0x44:0x48] = le32(END)           # first DIFAT sector
    for i in range(109):                 # header DIFAT: FAT lives in sector 0
        hdr[0x4C + 4 * i:0x50 + 4 * i] = le32(0 if i == 0 else FREE)
    fat = le32(FATSECT) + le32(END) + le32(FREE) * 126
    root, children = names[0], sorted(names[1:], key=lambda n: (len(n), n.upper()))
    d = bytearray()
    for i, name in enumerate([root] + children):
        ent = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        ent[0:len(raw)] = raw
        ent[0x40:0x42] = le16(len(raw))
        ent[0x42] = 5 if i == 0 else (1 if name.startswith("\x06") else 2)
        ent[0x43] = 1                                          # black
        ent[0x44:0x48] = le32(NOSTREAM)                        # left sibling
        ent[0x48:0x4C] = le32(i + 1 if 0 < i < len(children) else NOSTREAM)
        ent[0x4C:0x50] = le32(1 if i == 0 and children else NOSTREAM)
        ent[0x74:0x78] = le32(END)                             # start sector
        d += ent
    while len(d) < 512:                                        # unused entries
        ent = bytearray(128)
        ent[0x44:0x50] = le32(NOSTREAM) * 3
        d += ent
    return bytes(hdr) + fat + bytes(d)


@case("cfb-xls", "OLE2/CFB magic D0 CF 11 E0 with a \"Workbook\" stream name (legacy BIFF .xls)")
def _():
    return {"input": cfb(["Root Entry", "Workbook", "\x05SummaryInformation"]), "error": "legacy .xls"}


@case("cfb-encrypted", "OLE2/CFB magic with \"EncryptionInfo\" and \"EncryptedPackage\" streams (password-protected xlsx)")
def _():
    return {"input": cfb(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]),
            "error": "encrypted"}


@case("html-xls", "an HTML table saved with an .xlsx name (typical \"Excel export\" from web systems)")
def _():
    return {"input": b"<html><body><table><tr><td>1</td></tr></table></body></html>", "error": "HTML"}


@case("spreadsheetml-2003", "Excel 2003 XML Spreadsheet (<?mso-application progid=\"Excel.Sheet\"?> + urn:schemas-microsoft-com:office:spreadsheet)")
def _():
    data = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
            ' xmlns:o="urn:schemas-microsoft-com:office:office"\n'
            ' xmlns:x="urn:schemas-microsoft-com:office:excel"\n'
            ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
            ' <Worksheet ss:Name="Sheet1">\n  <Table>\n'
            '   <Row><Cell><Data ss:Type="String">a</Data></Cell>'
            '<Cell><Data ss:Type="Number">1</Data></Cell></Row>\n'
            '  </Table>\n </Worksheet>\n</Workbook>\n')
    return {"input": data.encode(), "error": "SpreadsheetML 2003"}


@case("zip-not-xlsx", "a valid zip holding only hello.txt")
def _():
    return {"input": zip_bytes([("hello.txt", "hello\n")]), "error": "not an XLSX"}


@case("sst-out-of-range", "t=\"s\" cell with index 5 while sharedStrings has 1 entry")
def _():
    rows = [row(1, cs("A1", 0), cs("B1", 5))]
    return {"input": zip_bytes(one_sheet(rows, "A1:B1", ["only"])), "error": "shared string"}


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

CASE_OUTPUT = {}
OWNED = ("input.xlsx", "expected.csv", "expected-error.txt", "expected-sheets.txt")


def write(path, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def readme():
    out = ["# XLSX reader fixtures", "",
           "Generated by `make_fixtures.py` (stdlib only, deterministic; rerun it after editing,",
           "do not hand-edit the case folders). Each `<case-id>/` holds:", "",
           "- `input.xlsx`: the package, or hostile / non-XLSX bytes under that name.",
           "- `expected.csv`: exact output of `anzhi sheet to-csv` for the first visible worksheet",
           "  (UTF-8, no BOM, LF after every record including the last, RFC 4180 quoting only when",
           "  a field holds `,` `\"` CR or LF; rows padded to the used-range width; CSV starts at A1).",
           "- `expected-error.txt`: instead of `expected.csv` for files that must be refused; a",
           "  substring the error message must contain (no trailing newline).",
           "- `expected-sheets.txt` / `expected-sheet-N.csv` (multi-sheet only): sheet names one",
           "  per line, and the CSV of the N-th sheet (1-based, in `<sheets>` order).", "",
           "Rules behind the expected values: text as stored (no trimming, `_xHHHH_` decoded left to",
           "right, so `_x005F_x0041_` -> `_x0041_`); numbers as the shortest round-trip decimal,",
           "integral values without a point; `TRUE`/`FALSE`; error codes as stored; formula without",
           "cached `<v>` -> empty; date styles -> `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` when the serial",
           "has a fraction); time-only styles with serial < 1 -> `HH:MM:SS`; duration styles -> elapsed",
           "`HH:MM:SS` (hours may exceed 99); `t=\"d\"` -> date / date-time; merged ranges keep the value in the top-left",
           "cell only; style-only rows and valueless styled cells are not data.", "",
           "The errors of `cfb-xls`, `html-xls` and `spreadsheetml-2003` are those of `XLSXReader` alone, which",
           "reads XLSX only. Every command reads through `WorkbookReader` (see `../legacy/`): there `html-xls` and",
           "`spreadsheetml-2003` are read, and `cfb-xls` fails as a damaged .xls (its Workbook stream is empty).", "",
           "| case id | tests | expects |", "|---|---|---|"]
    for cid, desc, _ in CASES:
        res = CASE_RESULT[cid]
        kind = "error: `%s`" % res["error"] if "error" in res else "csv"
        out.append("| `%s` | %s | %s |" % (cid, desc.replace("|", "\\|"), kind))
    return "\n".join(out) + "\n"


CASE_RESULT = {}


def main():
    root = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case id"
    for cid, desc, fn in CASES:
        res = fn()
        CASE_OUTPUT[cid] = res["input"]
        CASE_RESULT[cid] = res
        d = os.path.join(root, cid)
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):  # drop stale expectations from earlier runs
            if name in OWNED or (name.startswith("expected-sheet-") and name.endswith(".csv")):
                os.remove(os.path.join(d, name))
        write(os.path.join(d, "input.xlsx"), res["input"])
        assert ("csv" in res) != ("error" in res), cid
        if "csv" in res:
            write(os.path.join(d, "expected.csv"), csv_text(res["csv"]))
        else:
            write(os.path.join(d, "expected-error.txt"), res["error"])
        for name, text in res.get("extra", {}).items():
            write(os.path.join(d, name), text)
    write(os.path.join(root, "README.md"), readme())
    print("wrote %d cases to %s" % (len(CASES), root))


if __name__ == "__main__":
    main()
