import Foundation

@testable import Spreadsheet

/// A CSV as an old system exports it, made by the test (tests never read Samples/): GB18030, CRLF, 200 rows of
/// 25 columns holding Chinese text, 18-digit ID numbers, dates, numbers with leading zeros, commas, quotes and
/// characters outside GB2312 (4-byte GB18030).
enum LegacyExport {
    static let header = [
        "序号", "姓名", "身份证号", "性别", "民族", "出生日期", "户籍地址", "罪名", "刑期", "刑期起日",
        "刑期止日", "服刑场所", "罪犯编号", "入监日期", "释放日期", "释放原因", "文化程度", "婚姻状况",
        "联系电话", "邮编", "备注", "危险性评估", "是否三无人员", "金额", "X",
    ]

    static func rows() -> [[String]] {
        (1...200).map { i in
            let id =
                "370102" + String(1950 + i % 50) + String(format: "%02d%02d", i % 12 + 1, i % 28 + 1)
                + String(format: "%03d", i)
                + String("0123456789X"[("0123456789X".index("0123456789X".startIndex, offsetBy: i % 11))])
            return [
                String(i), i % 7 == 0 ? "𠀀\(i)号" : "张\(i)", id, i % 2 == 0 ? "女" : "男", "汉族",
                "\(1950 + i % 50)-\(String(format: "%02d", i % 12 + 1))-01", "山东省济南市历下区解放路\(i)号, 3单元",
                "盗窃罪", "有期徒刑\(i % 9 + 1)年", "2019-01-0\(i % 9 + 1)", "2026-06-30", "济南监狱", String(format: "%07d", i),
                "2019-02-01", i % 3 == 0 ? "" : "2026-06-30", "刑满释放", "初中", "已婚", "0531-\(80_000_000 + i)",
                "250001", i % 5 == 0 ? "他说\"已报到\"" : "", "低危", "否", String(i * 15), "x\(i)",
            ]
        }
    }

    /// Writes the file and returns its path.
    static func write(to path: String) throws -> String {
        var dialect = CSVDialect.excel
        dialect.byteOrderMark = false
        dialect.encoding = .gb18030
        let csv = try CSVWriter(path: path, dialect: dialect)
        try csv.writeRecord(header)
        for r in rows() { try csv.writeRecord(r) }
        try csv.close()
        return path
    }
}
