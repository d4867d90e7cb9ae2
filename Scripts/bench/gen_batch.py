#!/usr/bin/env python3
"""Deterministic synthetic person records in the import-template layout (domain.md §4).

usage: gen_batch.py N --county 370102 [--out DIR] [--format xlsx|csv|both]
                      [--side prison|office] [--seed S] [--start K]

Writes DIR/batch-<county>-<side>-<start>-<N>.{xlsx,csv} with the canonical headers of domain.md §4
in table order (HEADERS below). All people are fake.

Determinism: person number i (K <= i < K+N) is a pure function of (seed, county, i); the same index in
another county or with another seed is an unrelated person. Two calls with the same seed and county and
overlapping [K, K+N) ranges produce identical rows for the shared indices, so batches can be made to
overlap (re-import, updates) or to be disjoint. The prison-owned (P) fields of a person are the same with
--side prison and --side office; the office side only adds the J fields.

ID numbers (GB 11643): address part = the county code; (birth date, sequence) come from a bijection of the
person index, so within one county and seed IDs are unique for every index below ID_CAPACITY (about 10.2
million); the sequence is odd for men, even and non-zero for women; the check character is computed.

Dates: every date is a real civil date. Past events are never after TODAY (2026-11-29). Only 刑期止日 and
预计释放日期 may lie after TODAY: for people still in custody, and for parolees (假释) whose term runs on.

Shared data: the region tables are read from $ANZHI_SHARED/data/regions, default <repo>/../shared.
xlsx: one sheet "人员信息", bold header, dates as numbers with format yyyy-mm-dd, ID numbers, region codes
and 罪犯编号 as text cells, constant_memory mode. csv: UTF-8 with BOM, CRLF, dates as YYYY-MM-DD.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import random
import sys
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 29)
DEFAULT_SEED = 20261129

# Canonical headers of domain.md §4, in table order; "a / b" rows expanded into two columns.
HEADERS = [
    "姓名", "曾用名", "性别", "民族", "出生日期", "公民身份号码", "文化程度", "婚姻状况",
    "户籍地区划代码", "户籍地址", "现住地区划代码", "现住地址",
    "罪名", "原判刑期", "刑期起日", "刑期止日", "服刑场所", "罪犯编号", "入监日期",
    "是否累犯", "危险性评估", "是否三无人员", "预计释放日期",
    "服刑情况", "狱中表现", "监所帮教建议",
    "核实结果", "未核实原因", "可能去向", "司法所帮教建议",
    "接回时间", "接回地点", "接回人",
    "释放日期", "释放来源", "释放类型",
    "衔接日期", "衔接方式", "未衔接原因",
    "安置日期", "安置情况", "未安置原因",
    "帮教落实日期", "帮教情况",
    "重新犯罪日期", "重新犯罪罪名", "脱管日期", "漏管",
    "注销日期", "注销原因", "帮教期限(年)",
]
NCOLS = len(HEADERS)
C = {h: i for i, h in enumerate(HEADERS)}

# Owner per §4: J = judicial office side; everything else is P (prison side).
J_HEADERS = (
    "现住地区划代码", "现住地址", "核实结果", "未核实原因", "可能去向", "司法所帮教建议",
    "接回时间", "接回地点", "接回人", "衔接日期", "衔接方式", "未衔接原因",
    "安置日期", "安置情况", "未安置原因", "帮教落实日期", "帮教情况",
    "重新犯罪日期", "重新犯罪罪名", "脱管日期", "漏管", "注销日期", "注销原因", "帮教期限(年)",
)
J_COLS = frozenset(C[h] for h in J_HEADERS)
P_COLS = frozenset(range(NCOLS)) - J_COLS
DATE_HEADERS = (
    "出生日期", "刑期起日", "刑期止日", "入监日期", "预计释放日期", "接回时间", "释放日期",
    "衔接日期", "安置日期", "帮教落实日期", "重新犯罪日期", "脱管日期", "注销日期",
)
DATE_COLS = frozenset(C[h] for h in DATE_HEADERS)
# Dates that may lie after TODAY: the sentence end of people still in custody.
FUTURE_OK_HEADERS = ("刑期止日", "预计释放日期")
# Digit strings that must stay text in xlsx (18-digit IDs lose precision as doubles).
TEXT_DIGIT_HEADERS = ("公民身份号码", "户籍地区划代码", "现住地区划代码", "罪犯编号")
TEXT_DIGIT_COLS = frozenset(C[h] for h in TEXT_DIGIT_HEADERS)

# ---------------------------------------------------------------------------------------------
# ID numbers

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
BIRTH_MIN = dt.date(1950, 1, 1)
BIRTH_MAX = dt.date(2005, 12, 31)
_BIRTH_DAYS = (BIRTH_MAX - BIRTH_MIN).days + 1          # 20454
_SEQ_SLOTS = 499                                          # male 2s+1 (001..997), female 2s+2 (002..998)
ID_CAPACITY = _BIRTH_DAYS * _SEQ_SLOTS                    # distinct (birth date, slot) pairs
_ID_MULT = 1_000_003                                      # prime, coprime with ID_CAPACITY
assert math.gcd(_ID_MULT, ID_CAPACITY) == 1


def id_check_char(body17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS)) % 11]


def id_is_valid(idn: str) -> bool:
    """GB 11643 checksum, real birth date not after TODAY, sequence != 000."""
    if len(idn) != 18 or not idn[:17].isdigit():
        return False
    try:
        b = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
    except ValueError:
        return False
    return b <= TODAY and idn[14:17] != "000" and id_check_char(idn[:17]) == idn[17].upper()


def _birth_and_slot(seed: int, county: str, index: int) -> tuple[dt.date, int]:
    """Bijection index -> (birth date, sequence slot) on [0, ID_CAPACITY)."""
    v = (_ID_MULT * index + seed * 7_919 + int(county) * 104_729) % ID_CAPACITY
    return BIRTH_MIN + dt.timedelta(days=v % _BIRTH_DAYS), v // _BIRTH_DAYS


# ---------------------------------------------------------------------------------------------
# Calendar helpers


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    day = d.day
    while True:
        try:
            return dt.date(y, m, day)
        except ValueError:
            day -= 1


def add_years(d: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 Feb -> 1 Mar in a non-leap year (domain.md §6)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return dt.date(d.year + years, 3, 1)


def term_years(source: str | None, rtype: str | None) -> int:
    return 3 if source == "劳教所" or rtype in ("解除社区矫正", "解除劳教") else 5


_ORD = dt.date.toordinal


def _between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(_ORD(lo), _ORD(hi)))


# ---------------------------------------------------------------------------------------------
# Regions


def shared_dir() -> Path:
    env = os.environ.get("ANZHI_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared"


class County:
    """Names and townships of one county (GB/T 2260 code), from shared/data/regions."""

    def __init__(self, code: str, regions: Path | None = None) -> None:
        regions = regions or shared_dir() / "data" / "regions"
        if not (len(code) == 6 and code.isdigit()):
            raise SystemExit(f"gen_batch: --county must be a 6-digit county code (got {code!r})")
        if not (regions / "streets.csv").is_file():
            raise SystemExit(f"gen_batch: region tables not found in {regions} (set ANZHI_SHARED)")

        def table(name):
            with open(regions / name, encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))

        areas = {r["code"]: r for r in table("areas.csv")}
        if code not in areas:
            raise SystemExit(f"gen_batch: county code {code} is not in areas.csv")
        area = areas[code]
        provinces = {r["code"]: r["name"] for r in table("provinces.csv")}
        cities = table("cities.csv")
        city_names = {r["code"]: r["name"] for r in cities}
        self.code = code
        self.name = area["name"]
        self.province = provinces[area["provinceCode"]]
        city = city_names.get(area["cityCode"], "")
        # 市辖区 / 县 / 省直辖县级行政区划 are table artefacts, not part of an address.
        self.city = city if city.endswith(("市", "州", "盟", "地区")) else ""
        self.prefix = self.province + self.city + self.name
        self.townships = [(r["code"], r["name"]) for r in table("streets.csv") if r["areaCode"] == code]
        if not self.townships:
            raise SystemExit(f"gen_batch: county {code} has no townships in streets.csv")
        self.township_codes = frozenset(c for c, _ in self.townships)
        sib = [(r["code"], r["name"]) for r in table("streets.csv")
               if r["cityCode"] == area["cityCode"] and r["areaCode"] != code]
        # Townships of the other counties of the same city (现住地 of people living away from 户籍).
        self.sibling_townships = sib or self.townships
        self.sibling_areas = {a: r["name"] for a, r in areas.items() if r["cityCode"] == area["cityCode"]}
        pcities = [r["name"] for r in cities
                   if r["provinceCode"] == area["provinceCode"] and r["name"].endswith("市")]
        short = self.province
        # Custodial institutions of the province.
        self.prisons = ([f"{short}第{n}监狱" for n in "一二三四五六"]
                        + [f"{short}{c}监狱" for c in (pcities or [self.city or short])[:8]])
        self.women_prison = f"{short}女子监狱"
        self.jail = f"{self.city or short}{self.name}看守所"
        self.labour_camp = f"{short}{(pcities or [''])[0]}劳动教养管理所"


# ---------------------------------------------------------------------------------------------
# Value pools

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
             "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵")
_GIVEN_M = "伟强磊军洋勇杰涛明超刚平辉建国志海波鹏飞俊峰东德胜文博轩浩然宇航远豪鸣佑斌亮成龙彬新凯"
_GIVEN_F = "芳娜秀英敏静丽艳娟霞桂兰华红梅玉欣怡雨桐涵婷雪琳晶倩慧颖莉萍燕玲丹"
_ETHNIC = ["汉族"] * 40 + ["回族", "回族", "满族", "满族", "蒙古族", "壮族", "苗族", "土家族", "朝鲜族", "彝族"]
_EDU = ["文盲", "小学", "小学", "初中", "初中", "初中", "初中", "高中", "高中", "中专", "中专", "大专", "本科",
        "研究生"]
_MARITAL = ["未婚"] * 8 + ["已婚"] * 7 + ["离婚"] * 4 + ["丧偶"]
_CRIMES = ["盗窃罪"] * 4 + ["诈骗罪"] * 3 + ["故意伤害罪"] * 2 + [
    "抢劫罪", "贩卖毒品罪", "交通肇事罪", "危险驾驶罪", "寻衅滋事罪", "聚众斗殴罪", "职务侵占罪",
    "合同诈骗罪", "非法吸收公众存款罪", "故意杀人罪", "强奸罪", "开设赌场罪", "组织、领导传销活动罪",
    "掩饰、隐瞒犯罪所得罪", "贪污罪", "受贿罪", "帮助信息网络犯罪活动罪", "容留他人吸毒罪"]
_SERIOUS = frozenset(("抢劫罪", "贩卖毒品罪", "故意杀人罪", "强奸罪"))
_MINOR_CRIMES = [c for c in _CRIMES if c not in _SERIOUS]
_LABOUR_REASONS = ["盗窃", "吸毒", "卖淫嫖娼", "扰乱社会秩序", "赌博"]
_ROADS = ["人民路", "解放路", "中山路", "建设路", "和平街", "幸福大道", "文化路", "胜利街", "光明巷", "新华路",
          "朝阳路", "工业北路", "泉城路", "花园路", "历山路"]
_CUSTODY = ["服刑期间获减刑1次", "服刑期间获减刑2次", "服刑期间无减刑", "服刑期间获表扬3次",
            "服刑期间受警告处分1次"]
_CONDUCT = ["表现良好"] * 3 + ["表现一般", "认罪悔罪，遵守监规", "表现较差"]
_PRISON_ADVICE = ["建议落实就业帮扶", "建议重点帮教", "建议加强心理疏导", "建议协助办理社会救助",
                  "建议家属配合帮教"]
_OFFICE_ADVICE = ["同意监所建议", "落实村居帮教小组", "纳入重点帮教对象", "联系就业基地安置",
                  "协调民政部门救助"]
_VERIFY_FAIL = ["查无此人", "户籍地址不详", "身份信息不符", "户籍已迁出"]
_WHEREABOUTS = ["可能在外地务工", "可能随子女居住", "可能已迁往外省", "不详"]
_RELATIONS = ["父亲", "母亲", "配偶", "兄长", "姐姐", "儿子"]
_PLACEMENT = ["单位就业", "灵活就业", "灵活就业", "个体经营", "务农", "务农", "安置基地", "社会救助", "其他"]
_NOT_PLACED = ["正在求职", "无劳动能力", "本人不愿意", "外出未归"]
_HELP_STATUS = ["已成立帮教小组，每月走访", "帮教小组定期谈话", "落实一对一帮教", "村居委员会帮教"]


# ---------------------------------------------------------------------------------------------
# Person generation


def _mix(seed: int, county: str, index: int, stream: int) -> int:
    """Seed of one person's random stream (index < 2**24, county < 2**20)."""
    return (seed << 64) ^ (int(county) << 40) ^ (index << 2) ^ stream


def _sentence_text(months: int, kind: str = "有期徒刑") -> str:
    y, m = divmod(months, 12)
    if kind == "拘役":
        return f"拘役{months}个月"
    if y and m:
        return f"{kind}{y}年{m}个月"
    return f"{kind}{y}年" if y else f"{kind}{m}个月"


class Generator:
    """Builds person rows (lists of NCOLS values, None = empty) for one county and seed."""

    def __init__(self, county: County, seed: int = DEFAULT_SEED) -> None:
        self.county = county
        self.seed = seed

    def person(self, index: int, office: bool) -> list:
        if not 0 <= index < ID_CAPACITY:
            raise ValueError(f"person index {index} outside [0, {ID_CAPACITY})")
        cty = self.county
        r = random.Random(_mix(self.seed, cty.code, index, 1))
        ri, ch = r.randrange, r.choice
        row = [None] * NCOLS

        # --- identity
        male = ri(100) < 88
        birth, slot = _birth_and_slot(self.seed, cty.code, index)
        seq = 2 * slot + (1 if male else 2)
        body = f"{cty.code}{birth:%Y%m%d}{seq:03d}"
        idn = body + id_check_char(body)
        surname = ch(_SURNAMES)
        pool = _GIVEN_M if male else _GIVEN_F
        name = surname + ch(pool) + (ch(pool) if ri(3) else "")
        tcode, tname = ch(cty.townships)
        if tname.endswith(("镇", "乡")):
            street = f"{ch('东西南北前后')}{ch('王李张刘陈杨')}{ch(['庄', '村', '屯', '家营'])}{ri(1, 300)}号"
        else:
            street = f"{ch(_ROADS)}{ri(1, 300)}号{ri(1, 40)}号楼{ri(1, 6)}单元{ri(1, 30)}{ri(1, 4):02d}室"
        row[0] = name
        if ri(100) < 3:
            row[1] = ch(_SURNAMES) + ch(pool)
        row[2] = "男" if male else "女"
        row[3] = ch(_ETHNIC)
        row[4] = birth
        row[5] = idn
        row[6] = ch(_EDU)
        row[7] = ch(_MARITAL)
        row[8] = tcode
        row[9] = cty.prefix + tname + street

        # --- custody history
        adult = add_years(birth, 16)
        release = source = rtype = None
        released = ri(100) < 60
        labour = False
        if released:
            u = ri(1000)
            if u < 10:
                labour = True
                source, rtype = "劳教所", "解除劳教"
                lo, hi = max(dt.date(2008, 1, 1), add_years(birth, 18)), dt.date(2013, 12, 31)
            else:
                if u < 760:
                    source = "监狱"
                    rtype = "刑满释放" if ri(100) < 86 else "假释"
                elif u < 880:
                    source, rtype = "看守所", "刑满释放"
                else:
                    source, rtype = "社区矫正", "解除社区矫正"
                lo, hi = max(dt.date(2020, 1, 1), add_years(birth, 17)), dt.date(2026, 6, 30)
            if lo > hi:      # too young to have been released in the window: still in custody
                released, labour, source, rtype = False, False, None, None
            else:
                release = _between(r, lo, hi)

        if released:
            if labour:
                months = ri(12, 37)
                end = release
                sentence = _sentence_text(months, "劳动教养")
                crime = ch(_LABOUR_REASONS)
                institution = cty.labour_camp
            else:
                if source == "看守所":
                    months = ri(1, 13)
                    crime = ch(_MINOR_CRIMES)
                elif source == "社区矫正":
                    months = ri(12, 61)
                    crime = ch(_MINOR_CRIMES)
                else:
                    crime = ch(_CRIMES)
                    months = ri(6, 37) if ri(3) and crime not in _SERIOUS else ri(37, 181)
                end = add_months(release, ri(3, 25)) if rtype == "假释" else release
                sentence = None
                institution = cty.jail if source == "看守所" else (
                    cty.women_prison if not male and ri(2) else ch(cty.prisons))
            start = add_months(end, -months) + dt.timedelta(days=1)
            if start < adult:                      # shorten the sentence to start at 16
                months = max(1, (end.year - adult.year) * 12 + end.month - adult.month - 1)
                start = max(add_months(end, -months) + dt.timedelta(days=1), adult)
            if start >= release:
                start = release - dt.timedelta(days=1)
            if sentence is None:
                kind = "拘役" if months <= 6 and ri(2) else "有期徒刑"
                sentence = _sentence_text(months, kind)
        else:
            # In custody at TODAY: sentence started at least 120 days ago and ends after TODAY.
            latest = TODAY - dt.timedelta(days=120)
            start = latest - dt.timedelta(days=int(r.expovariate(1 / 900)))
            start = max(start, adult, dt.date(2000, 1, 1))
            if start > latest:
                start = latest
            elapsed = (TODAY.year - start.year) * 12 + TODAY.month - start.month
            crime = ch(_CRIMES)
            months = elapsed + 1 + (ri(0, 13) if ri(4) else ri(13, 121))
            if crime in _SERIOUS:
                months = max(months, 60)
            end = add_months(start, months) - dt.timedelta(days=1)
            sentence = _sentence_text(months)
            institution = cty.jail if months <= 12 and ri(2) else (
                cty.women_prison if not male and ri(2) else ch(cty.prisons))
        span = (end - start).days
        admit = start + dt.timedelta(days=min(ri(10, 121), max(0, span // 2)))
        if released and admit > release:
            admit = release
        risk = ("高危", "中危", "中危", "中危", "低危", "低危", "低危", "低危", "低危", "低危")[ri(10)]
        row[12] = crime
        row[13] = sentence
        row[14] = start
        row[15] = end
        row[16] = institution
        row[17] = f"{cty.code[:2]}{ri(10, 100)}{admit.year}{ri(0, 100000):05d}"
        row[18] = admit
        row[19] = "是" if ri(100) < 15 else "否"
        row[20] = risk
        row[21] = "是" if ri(100) < 5 else "否"
        row[22] = end
        if released or end <= add_months(TODAY, 1):     # 出监补录 one month before release
            row[23] = ch(_CUSTODY)
            row[24] = ch(_CONDUCT)
            row[25] = ch(_PRISON_ADVICE)
        if released:
            row[33] = release
            row[34] = source
            row[35] = rtype

        if office:
            self._office(row, index, released, release, source, rtype, risk, tcode, tname, street,
                         surname, institution)
        return row

    def _office(self, row, index, released, release, source, rtype, risk, tcode, tname, street,
                surname, institution) -> None:
        """Fill the J fields, from their own random stream (the P fields stay identical)."""
        cty = self.county
        r = random.Random(_mix(self.seed, cty.code, index, 2))
        ri, ch = r.randrange, r.choice

        # --- verification (核实)
        u = ri(100)
        if released:
            verification = "核实成功" if u < 98 else "核实失败"
        else:
            verification = "核实成功" if u < 80 else ("待核实" if u < 92 else "核实失败")
        row[26] = verification
        if verification == "核实失败":
            row[27] = ch(_VERIFY_FAIL)
            row[28] = ch(_WHEREABOUTS)
        elif verification == "核实成功":
            row[29] = ch(_OFFICE_ADVICE)
        if not released:
            return

        # --- release follow-up; every date lies in [release, min(TODAY, exit)]
        term_end = add_years(release, term_years(source, rtype))
        on_reg_hi = min(TODAY, term_end - dt.timedelta(days=1))
        handed = verification == "核实成功" and ri(100) < 92
        not_handed_reason = None
        if not handed:
            not_handed_reason = "下落不明" if verification == "核实失败" else ch(
                ["下落不明", "人户分离", "人户分离", "其他"])

        # residence (现住地)
        if not_handed_reason == "人户分离" or ri(100) < 6:
            ocode, oname = ch(cty.sibling_townships)
            area = cty.sibling_areas.get(ocode[:6], "")
            row[10] = ocode
            row[11] = cty.province + cty.city + area + oname + f"{ch(_ROADS)}{ri(1, 300)}号"
        else:
            row[10] = tcode
            row[11] = cty.prefix + tname + street

        # exit (注销) and reoffending decide the upper bound of the other events
        exit_date = exit_reason = None
        reoff = None
        if handed and on_reg_hi > release + dt.timedelta(days=60) and ri(100) < 4:
            reoff = _between(r, release + dt.timedelta(days=60), on_reg_hi)
            row[44] = reoff
            row[45] = ch(_CRIMES)
            if ri(100) < 80:
                exit_date = min(TODAY, reoff + dt.timedelta(days=ri(20, 181)))
                exit_reason = "重新犯罪收监"
        if exit_date is None:
            u = ri(1000)
            if term_end <= TODAY and u < 900:
                exit_date, exit_reason = term_end, "帮教期满"
            elif u >= 990 and on_reg_hi > (reoff or release):
                exit_date = _between(r, (reoff or release) + dt.timedelta(days=1), on_reg_hi)
                exit_reason = ("死亡", "迁出", "迁出", "其他")[ri(4)]
        if exit_date is not None:
            row[48] = exit_date
            row[49] = exit_reason
        hi = min(TODAY, exit_date) if exit_date else TODAY
        if reoff:
            hi = min(hi, reoff)

        # handover (衔接) and pick-up receipt (回执)
        if handed:
            hd = min(hi, release + dt.timedelta(days=ri(0, 4) if ri(4) else 0))
            if source == "社区矫正":
                method = "自行报到" if ri(100) < 85 else "其他"
            elif risk == "高危":
                method = "必接必送" if ri(100) < 90 else "家属接回"
            else:
                method = ("必接必送", "家属接回", "家属接回", "自行报到", "自行报到", "其他")[ri(6)]
            row[36] = hd
            row[37] = method
            if method in ("必接必送", "家属接回"):
                row[30] = release
                row[31] = institution
                row[32] = (f"{tname}司法所{ch(_SURNAMES)}{ch(_GIVEN_M)}" if method == "必接必送"
                           else f"{surname}{ch(_GIVEN_M + _GIVEN_F)}（{ch(_RELATIONS)}）")
        else:
            row[38] = not_handed_reason

        # placement (安置), help group (帮教), 脱管, 漏管
        if handed and ri(100) < 77 and hi >= release:
            row[39] = min(hi, release + dt.timedelta(days=ri(3, 181)))
            row[40] = ch(_PLACEMENT)
        elif ri(2):
            row[41] = ch(_NOT_PLACED)
        if (handed and ri(100) < 92) or (not handed and ri(100) < 25):
            row[42] = min(hi, release + dt.timedelta(days=ri(0, 31)))
            row[43] = ch(_HELP_STATUS)
        if reoff is None and exit_date is None and on_reg_hi > release + dt.timedelta(days=30) \
                and ri(100) < (2 if handed else 20):
            row[46] = _between(r, release + dt.timedelta(days=30), on_reg_hi)
        row[47] = "是" if ri(100) < (1 if handed else 8) else "否"

    def rows(self, n: int, start: int = 0, office: bool = False):
        for i in range(start, start + n):
            yield self.person(i, office)


# ---------------------------------------------------------------------------------------------
# Writers

_EPOCH_ORD = dt.date(1899, 12, 30).toordinal()


def write_xlsx(path: Path, rows) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("人员信息")
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})
    textf = wb.add_format({"num_format": "@"})
    for c, h in enumerate(HEADERS):
        width = 12
        if h in ("户籍地址", "现住地址"):
            width = 48
        elif h in ("公民身份号码", "服刑场所", "罪名", "原判刑期", "接回人", "接回地点"):
            width = 22
        ws.set_column(c, c, width, textf if c in TEXT_DIGIT_COLS else None)
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, HEADERS, bold)
    kinds = [("d" if c in DATE_COLS else "t" if c in TEXT_DIGIT_COLS else "s") for c in range(NCOLS)]
    write_string, write_number = ws.write_string, ws.write_number
    n = 0
    for n, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            k = kinds[c]
            if k == "d":
                write_number(n, c, v.toordinal() - _EPOCH_ORD, datef)
            elif k == "t":
                write_string(n, c, v, textf)
            elif isinstance(v, int):
                write_number(n, c, v)
            else:
                write_string(n, c, v)
    wb.close()
    return n


def write_csv(path: Path, rows) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADERS)
        for n, row in enumerate(rows, start=1):
            w.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, metavar="N", help="number of people")
    ap.add_argument("--county", required=True, help="6-digit county code (GB/T 2260), e.g. 370102")
    ap.add_argument("--out", default=".", help="output directory (default .)")
    ap.add_argument("--format", choices=("xlsx", "csv", "both"), default="xlsx")
    ap.add_argument("--side", choices=("prison", "office"), default="prison",
                    help="prison: P fields only; office: P and J fields")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--start", type=int, default=0, help="index of the first person (default 0)")
    a = ap.parse_args(argv)
    if a.n < 0 or a.start < 0 or a.start + a.n > ID_CAPACITY:
        ap.error(f"need 0 <= N, 0 <= start and start + N <= {ID_CAPACITY}")
    if a.seed < 0:
        ap.error("seed must be >= 0")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(County(a.county), a.seed)
    office = a.side == "office"
    stem = f"batch-{a.county}-{a.side}-{a.start}-{a.n}"
    formats = ("xlsx", "csv") if a.format == "both" else (a.format,)
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        t0 = time.perf_counter()
        rows = gen.rows(a.n, a.start, office)
        n = write_xlsx(path, rows) if fmt == "xlsx" else write_csv(path, rows)
        print(f"{path}\t{n} rows\t{time.perf_counter() - t0:.2f}s", file=sys.stderr)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
