import Testing

@testable import Spreadsheet

@Suite struct NumberFormatTests {
    @Test(arguments: [
        ("yyyy-mm-dd", NumberFormatKind.date),
        ("yyyy\"年\"m\"月\"d\"日\"", .date),
        ("[$-804]yyyy/m/d", .date),
        ("m/d/yy h:mm", .dateTime),
        ("hh:mm:ss", .time),
        ("h:mm AM/PM", .time),
        ("[h]:mm", .duration),
        ("[mm]:ss", .duration),
        ("mm:ss", .time),
        ("[Red]0.00", .plain),
        ("0.00_);(0.00)", .plain),
        ("\"y\"0", .plain),
        ("\\d0", .plain),
        ("General", .plain),
        ("@", .plain),
        ("0;[Red]yyyy", .plain),
        ("#,##0.00", .plain),
        ("mmm", .date),
    ])
    func customCodes(code: String, kind: NumberFormatKind) {
        #expect(NumberFormatKind.classify(code: code) == kind, "\(code)")
    }

    @Test func builtInIDs() {
        for id in [14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58] {
            #expect(NumberFormatKind.builtIn(id) == .date, "\(id)")
        }
        for id in [18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56] {
            #expect(NumberFormatKind.builtIn(id) == .time, "\(id)")
        }
        #expect(NumberFormatKind.builtIn(22) == .dateTime)
        #expect(NumberFormatKind.builtIn(46) == .duration)
        for id in [0, 1, 2, 9, 10, 11, 37, 44, 48, 49] {
            #expect(NumberFormatKind.builtIn(id) == .plain, "\(id)")
        }
    }
}

@Suite struct TextEscapeTests {
    @Test(arguments: [
        ("a_x000D_b", "a\rb"),
        ("_x005F_x0041_", "_x0041_"),
        ("_x0041__x0042_", "AB"),
        ("_x12_", "_x12_"),
        ("_xD83D__xDE00_", "😀"),
        ("_xD83D_", "\u{FFFD}"),
        ("no escapes", "no escapes"),
        ("_xZZZZ_", "_xZZZZ_"),
    ])
    func decoding(input: String, expected: String) {
        var bytes = Array("prefix".utf8) + Array(input.utf8)
        TextEscapes.decode(&bytes, from: 6)
        #expect(String(decoding: bytes, as: UTF8.self) == "prefix" + expected)
    }

    @Test(arguments: [
        ("a&b<c>", "a&amp;b&lt;c&gt;", false),
        ("x\ry", "x_x000D_y", true),
        ("\u{1}", "_x0001_", false),
        ("_x0041_", "_x005F_x0041_", false),
        (" lead", " lead", true),
        ("line\nbreak", "line\nbreak", true),
        ("\u{FFFE}", "_xFFFE_", false),
        ("中文", "中文", false),
    ])
    func encoding(input: String, expected: String, preserve: Bool) {
        let (text, p) = XMLText.content(input)
        #expect(text == expected)
        #expect(p == preserve)
    }

    @Test func utf16CountsSurrogatePairsTwice() {
        #expect(TextEscapes.utf16Count(ArraySlice(Array("a中😀".utf8))) == 4)
    }
}
