/// Reads `xl/workbook.xml`: the sheet list in order and the date system.
final class WorkbookHandler: XMLEventHandler {
    struct SheetEntry {
        let name: String
        let relationshipID: String?
        let state: String?
    }

    private(set) var sheets: [SheetEntry] = []
    private(set) var date1904 = false

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.namespace.isSpreadsheet else { return }
        if name.is("sheet") {
            let sheetName = attributes.string("name") ?? "Sheet\(sheets.count + 1)"
            sheets.append(
                SheetEntry(
                    name: sheetName, relationshipID: attributes.relationshipID(),
                    state: attributes.string("state")))
        } else if name.is("workbookPr") {
            let v = attributes.string("date1904")?.lowercased()
            date1904 = v == "1" || v == "true"
        }
    }

}
