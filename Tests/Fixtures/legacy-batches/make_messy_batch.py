#!/usr/bin/env python3
"""Builds messy-batch.xls: the batch of Tests/AnzhiExchangeTests/MessyBatchTests.swift (`dataRows(asText: false)`
under a merged title and a unit line) as Excel 97-2003, written with openpyxl and saved as .xls by LibreOffice.

usage: python3 make_messy_batch.py   (needs openpyxl and soffice; rerun after editing MessyBatchTests' rows)
"""
import datetime as dt
import os
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(address, birth, seq):
    body = address + birth + seq
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


a = make_id("370102", "19800101", "123")
b = make_id("370102", "19850315", "246")
c = make_id("370102", "19700707", "357")
d = make_id("370102", "19900909", "468")
e15 = "370102" + "750505" + "579"
f = make_id("370102", "19660606", "680")
f_bad = f[:-1] + ("2" if f[-1] == "1" else "1")
k = make_id("370102", "19771111", "791")
m = make_id("370102", "19880808", "802")
out = make_id("370103", "19820202", "913")
address = "山东省济南市历下区解放路街道文化东路12号"
D = dt.date

rows = [
    ["1", "张三", a, "男", D(1980, 1, 1), address, "盗窃罪", D(2020, 1, 2), D(2025, 6, 30)],
    ["2", "李四", b, "女", "1985/3/15", address, "诈骗罪", "2019/12/1", "2025/1/1"],
    ["3", "王五", c, "男", "1970年7月7日", address, "抢劫罪", "2018年5月6日", "2024年5月6日"],
    ["4", "赵六", d, "", "19900909", address, "故意伤害罪", 20170101, "2023.3.3"],
    ["5", "钱七", e15, "", "", address, "盗窃罪", "2021-01-01", "2026-01-01"],
    ["6", "孙八", f_bad, "男", "", address, "盗窃罪", "", ""],
    ["1", "张三", a, "男", D(1980, 1, 1), address, "盗窃罪", D(2020, 1, 2), D(2025, 6, 30)],
    ["8", "李四", b, "女", "1985/3/15", address, "抢劫罪", "2019/12/1", "2025/1/1"],
    [],
    ["10", "周九", 370102198001011200, "男", "", address, "", "", ""],
    ["11", "", k, "", "", address, "", "", ""],
    ["12", "吴十", out, "", "", "山东省济南市市中区大观园街道经四路1号", "", "", ""],
    ["13", "郑十一", m, "", "", "山东省济南市历下区", "", "", ""],
]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "名单"
ws.append(["济南监狱2026年第3批刑满释放人员名单"])
ws.merge_cells("A1:I1")
ws.append(["填报单位：济南监狱", None, None, None, None, "日期：2026-11-01"])
ws.append(["序号", "姓名", "身份证号", "性别", "出生日期", "户籍所在地", "罪名", "刑期起日", "释放日期"])
for r in rows:
    ws.append([None if v == "" else float(v) if isinstance(v, int) else v for v in r] or [None])
for row in ws.iter_rows():
    for cell in row:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "messy-batch.xlsx")
    wb.save(src)
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + tmp + "/profile",
                    "--convert-to", "xls", "--outdir", HERE, src], check=True, capture_output=True)
print("wrote", os.path.join(HERE, "messy-batch.xls"))
