#!/usr/bin/env python3
"""Check files written by gen_batch.py / gen_register.py against the rules they promise.

usage: check_batch.py FILE... --county 370102 [--side prison|office]

FILE is .xlsx (read with openpyxl, read-only) or .csv (UTF-8 with BOM). Checks: headers exactly
gen_batch.HEADERS; every ID valid (checksum recomputed, real birth date, sequence != 000), unique, with
the county as address part; 出生日期/性别 agree with the ID; 户籍地区划代码 (and 现住地区划代码) exist in
streets.csv and the 户籍 code starts with the county; no date after TODAY except 刑期止日/预计释放日期;
xlsx dates are date cells and ID / region codes are text cells; with --side prison every J column is
empty; value domains and the date order of the record (sentence, release, handover, exit). When given
an xlsx and a csv of the same batch, also checks that they hold the same rows.
Exit status 0 when all files pass.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_batch as g  # noqa: E402

CODE_TABLES = {
    "性别": {"男", "女"},
    "民族": set(g._ETHNIC),
    "文化程度": {"小学", "初中", "高中", "中专", "大专", "本科", "研究生", "文盲"},
    "婚姻状况": {"未婚", "已婚", "离婚", "丧偶"},
    "是否累犯": {"是", "否"},
    "危险性评估": {"高危", "中危", "低危"},
    "是否三无人员": {"是", "否"},
    "核实结果": {"待核实", "核实成功", "核实失败"},
    "释放来源": {"监狱", "看守所", "社区矫正", "劳教所"},
    "释放类型": {"刑满释放", "假释", "特赦", "解除社区矫正", "解除劳教", "其他"},
    "衔接方式": {"必接必送", "家属接回", "自行报到", "其他"},
    "未衔接原因": {"下落不明", "人户分离", "其他"},
    "安置情况": {"单位就业", "灵活就业", "个体经营", "务农", "安置基地", "社会救助", "其他"},
    "漏管": {"是", "否"},
    "注销原因": {"帮教期满", "死亡", "重新犯罪收监", "迁出", "其他"},
}


def id_ok(idn) -> bool:
    """GB 11643 check, written independently of gen_batch."""
    if not (isinstance(idn, str) and len(idn) == 18 and idn[:17].isdigit()):
        return False
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    if "10X98765432"[sum(int(idn[i]) * w[i] for i in range(17)) % 11] != idn[17]:
        return False
    try:
        b = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
    except ValueError:
        return False
    return b <= g.TODAY and idn[14:17] != "000"


assert id_ok("11010519491231002X") and not id_ok("110105194912310021")


def read_xlsx(path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    if wb.sheetnames != ["人员信息"]:
        raise AssertionError(f"sheets {wb.sheetnames}")
    ws = wb["人员信息"]
    it = ws.iter_rows(values_only=True)
    header = list(next(it))
    for row in it:
        row = list(row) + [None] * (len(header) - len(row))
        yield header, [None if v == "" else v for v in row]
    wb.close()


def read_csv(path: Path):
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise AssertionError("csv has no UTF-8 BOM")
    if raw.count(b"\r\n") != raw.count(b"\n"):
        raise AssertionError("csv line ends are not all CRLF")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rd = csv.reader(f)
        header = next(rd)
        for row in rd:
            out = []
            for c, v in enumerate(row):
                if v == "":
                    out.append(None)
                elif c in g.DATE_COLS:
                    out.append(dt.date.fromisoformat(v))
                else:
                    out.append(v)
            yield header, out


def check(path: Path, county: str, side: str, streets: set[str]):
    errors: list[str] = []
    stats = Counter()
    ids = set()
    rows = []
    is_xlsx = path.suffix == ".xlsx"
    reader = read_xlsx(path) if is_xlsx else read_csv(path)

    def err(r, msg):
        if len(errors) < 30:
            errors.append(f"{path.name}:{r}: {msg}")
        stats["errors"] += 1

    header_checked = False
    for rn, (header, row) in enumerate(reader, start=2):
        if not header_checked:
            if header != g.HEADERS:
                errors.append(f"{path.name}: headers differ: {header}")
                return errors, stats, rows
            header_checked = True
        stats["rows"] += 1
        v = dict(zip(g.HEADERS, row))
        # cell types
        for c, x in enumerate(row):
            if x is None:
                continue
            if c in g.DATE_COLS:
                if is_xlsx:
                    if not isinstance(x, dt.datetime) or x.time() != dt.time(0):
                        err(rn, f"{g.HEADERS[c]} is not a date cell: {x!r}")
                        continue
                    x = row[c] = x.date()
                if x > g.TODAY and g.HEADERS[c] not in g.FUTURE_OK_HEADERS:
                    err(rn, f"{g.HEADERS[c]} {x} after {g.TODAY}")
                stats["future_ok_dates"] += x > g.TODAY
            elif not isinstance(x, str):
                err(rn, f"{g.HEADERS[c]} is not text: {x!r}")
        v = dict(zip(g.HEADERS, row))
        rows.append(row)
        # ID number
        idn = v["公民身份号码"]
        if not id_ok(idn):
            err(rn, f"invalid ID {idn!r}")
            continue
        if idn in ids:
            err(rn, f"duplicate ID {idn}")
        ids.add(idn)
        if idn[:6] != county:
            err(rn, f"ID address part {idn[:6]} != {county}")
        b = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        if not (g.BIRTH_MIN <= b <= g.BIRTH_MAX) or v["出生日期"] != b:
            err(rn, f"出生日期 {v['出生日期']} vs ID {b}")
        if v["性别"] != ("男" if int(idn[16]) % 2 else "女"):
            err(rn, "性别 contradicts ID")
        # regions
        hk = v["户籍地区划代码"]
        if hk not in streets or not hk.startswith(county) or len(hk) != 9:
            err(rn, f"户籍地区划代码 {hk}")
        if v["现住地区划代码"] is not None and v["现住地区划代码"] not in streets:
            err(rn, f"现住地区划代码 {v['现住地区划代码']}")
        for h in ("姓名", "户籍地址", "罪名", "原判刑期", "刑期起日", "刑期止日", "服刑场所", "罪犯编号",
                  "入监日期", "预计释放日期"):
            if v[h] is None:
                err(rn, f"{h} empty")
        for h, allowed in CODE_TABLES.items():
            if v[h] is not None and v[h] not in allowed:
                err(rn, f"{h} {v[h]!r} not in code table")
        # P side order
        s, e, adm, rel = v["刑期起日"], v["刑期止日"], v["入监日期"], v["释放日期"]
        if not (s < e and s <= adm <= s + dt.timedelta(days=121) and v["预计释放日期"] == e):
            err(rn, f"sentence dates {s} {e} {adm} {v['预计释放日期']}")
        if s < g.add_years(b, 16):
            err(rn, "sentence starts before age 16")
        src, typ = v["释放来源"], v["释放类型"]
        if rel is None:
            if src or typ:
                err(rn, "release source/type without date")
            if e <= g.TODAY:
                err(rn, "in custody after sentence end")
            if adm > g.TODAY:
                err(rn, "admission in the future")
        else:
            stats["released"] += 1
            stats[f"src:{src}"] += 1
            stats[f"type:{typ}"] += 1
            if adm > rel or s >= rel:
                err(rn, "release before sentence start/admission")
            ok = {"劳教所": {"解除劳教"}, "社区矫正": {"解除社区矫正"}}.get(src, {"刑满释放", "假释"})
            if typ not in ok:
                err(rn, f"释放类型 {typ} with 释放来源 {src}")
            if src == "劳教所":
                if rel.year > 2013:
                    err(rn, "劳教所 release after 2013")
            elif not (dt.date(2020, 1, 1) <= rel <= dt.date(2026, 6, 30)):
                err(rn, f"释放日期 {rel} outside 2020..2026-06")
            if (typ == "假释") != (e > rel) or (typ != "假释" and e != rel):
                err(rn, f"刑期止日 {e} vs 释放日期 {rel} for {typ}")
        # J side
        jvals = [h for h in g.J_HEADERS if v[h] is not None]
        if side == "prison":
            if jvals:
                err(rn, f"J columns filled on prison side: {jvals}")
            continue
        if v["核实结果"] is None:
            err(rn, "核实结果 empty")
        stats[f"verify:{v['核实结果']}"] += 1
        if rel is None:
            extra = [h for h in jvals if h not in ("核实结果", "未核实原因", "可能去向", "司法所帮教建议")]
            if extra:
                err(rn, f"follow-up fields for someone in custody: {extra}")
            continue
        hd, nh = v["衔接日期"], v["未衔接原因"]
        if (hd is None) == (nh is None) or (hd is None) != (v["衔接方式"] is None):
            err(rn, "衔接日期/衔接方式 xor 未衔接原因 violated")
        stats["handed"] += hd is not None
        stats["placed"] += v["安置日期"] is not None
        stats["helped"] += v["帮教落实日期"] is not None
        stats["reoffended"] += v["重新犯罪日期"] is not None
        stats["lost"] += v["脱管日期"] is not None
        stats["unregistered"] += v["漏管"] == "是"
        stats["exited"] += v["注销日期"] is not None
        if (v["安置日期"] is None) != (v["安置情况"] is None):
            err(rn, "安置日期 without 安置情况 or vice versa")
        if (v["重新犯罪日期"] is None) != (v["重新犯罪罪名"] is None):
            err(rn, "重新犯罪日期 without 罪名 or vice versa")
        if (v["注销日期"] is None) != (v["注销原因"] is None):
            err(rn, "注销日期 without 注销原因 or vice versa")
        term_end = g.add_years(rel, g.term_years(src, typ))
        ex = v["注销日期"]
        for h in ("接回时间", "衔接日期", "安置日期", "帮教落实日期", "重新犯罪日期", "脱管日期", "注销日期"):
            d = v[h]
            if d is None:
                continue
            if d < rel:
                err(rn, f"{h} {d} before release {rel}")
            if h != "注销日期" and ex is not None and d > ex:
                err(rn, f"{h} {d} after 注销日期 {ex}")
            if h in ("重新犯罪日期", "脱管日期") and d >= term_end:
                err(rn, f"{h} {d} not on register (term end {term_end})")
    if not header_checked:
        errors.append(f"{path.name}: empty")
    return errors, stats, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--county", required=True)
    ap.add_argument("--side", choices=("prison", "office"), default="prison")
    a = ap.parse_args(argv)
    streets_path = g.shared_dir() / "data" / "regions" / "streets.csv"
    with open(streets_path, encoding="utf-8", newline="") as f:
        streets = {r["code"] for r in csv.DictReader(f)}
    failed = False
    all_rows = {}
    for p in a.files:
        errors, stats, rows = check(p, a.county, a.side, streets)
        all_rows[p] = rows
        print(f"{p}: {'FAIL' if errors else 'ok'} " + " ".join(f"{k}={v}" for k, v in sorted(stats.items())))
        for e in errors:
            print("  " + e)
        failed |= bool(errors)
    paths = list(all_rows)
    for p in paths[1:]:
        if p.stem == paths[0].stem:
            same = all_rows[p] == all_rows[paths[0]]
            print(f"{paths[0].name} == {p.name}: {'same rows' if same else 'ROWS DIFFER'}")
            failed |= not same
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
