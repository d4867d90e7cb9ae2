import ArgumentParser
import Foundation
import Spreadsheet

/// Parses `--text-columns` lists: `1,3`, `A,C` or header names.
enum ColumnList {
    static func parse(_ list: String, header: [String]) throws -> Set<Int> {
        var result: Set<Int> = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let n = Int(item), n >= 1 {
                result.insert(n)
            } else if let i = header.firstIndex(of: item) {
                result.insert(i + 1)
            } else if item.allSatisfy({ $0.isASCII && $0.isLetter }), let ref = CellReference(item.uppercased() + "1") {
                result.insert(ref.column)
            } else {
                throw ValidationError(L("usage.sheet.text-columns", "item", item))
            }
        }
        return result
    }
}
