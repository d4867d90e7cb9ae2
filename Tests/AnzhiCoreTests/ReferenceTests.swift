import AnzhiCore
import Foundation
import Spreadsheet
import Testing

enum Reference {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates").path
    static let data: ReferenceData = try! ReferenceData.load(templates: templates)
}

@Suite struct DateTextTests {
    @Test(arguments: [
        ("2026-03-05", "2026-03-05"), ("2026/3/5", "2026-03-05"), ("2026.3.5", "2026-03-05"),
        ("2026年3月5日", "2026-03-05"),
        ("20260305", "2026-03-05"), (" 2026-03-05 ", "2026-03-05"), ("2026-03-05 00:00:00", "2026-03-05"),
        ("2024年2月29日", "2024-02-29"),
    ])
    func textForms(text: String, iso: String) {
        #expect(DateText.parse(text)?.description == iso)
    }

    @Test(arguments: ["2026-02-30", "05/03/2026", "3/5", "2026", "二〇二六年三月五日", "2026-03-05x", "", "20261305"])
    func notDates(text: String) {
        #expect(DateText.parse(text) == nil)
    }

    @Test func cellForms() {
        #expect(DateText.date(from: .date(CivilDate(year: 2026, month: 3, day: 5)!))?.description == "2026-03-05")
        #expect(DateText.date(from: .number(20_260_305))?.description == "2026-03-05")
        #expect(DateText.date(from: .number(45658)) == nil)  // a number without a date format is not a date
        #expect(DateText.date(from: .number(2026)) == nil)
        #expect(DateText.date(from: .boolean(true)) == nil)
    }
}

@Suite struct CodeTableTests {
    @Test(arguments: [
        ("ethnicity", "汉族", "汉族"), ("ethnicity", "01", "汉族"), ("ethnicity", "1", "汉族"), ("ethnicity", "汉", "汉族"),
        ("sex", "1", "男"), ("sex", "2", "女"), ("sex", "男", "男"),
        ("yes-no", "Y", "是"), ("yes-no", "否", "否"), ("risk", "高", "高危"),
        ("education", "大专", "大学专科"), ("education", "本科", "大学本科"), ("marital", "20", "已婚"),
        ("placement-kind", "安置基地", "安置基地"), ("release-source", "劳教", "劳教所"),
    ])
    func namesCodesAndAliases(table: String, value: String, canonical: String) {
        #expect(Reference.data.table(table).canonical(value) == canonical)
    }

    @Test func placementKindsKeepTheReportOrder() {
        #expect(Reference.data.table("placement-kind").names == ["单位就业", "灵活就业", "个体经营", "务农", "安置基地", "社会救助", "其他"])
    }
}

@Suite struct RegionTests {
    let regions = Reference.data.regions

    @Test func knownCodes() {
        #expect(regions.isKnown("370102"))  // 历下区
        #expect(regions.isKnown("370100"))  // 济南市
        #expect(regions.isKnown("370000"))  // 山东省
        #expect(regions.isKnown("370102001"))  // 解放路街道
        #expect(regions.isKnown("370102001001"))
        #expect(!regions.isKnown("379999"))
        #expect(regions.isKnown("330103"))  // 下城区, abolished in 2021, still on old ID cards
    }

    @Test(arguments: [
        ("山东省济南市历下区解放路街道文化东路12号", "370102001"),
        ("山东济南历下区解放路街道", "370102001"),
        ("济南市历下区趵突泉街道", "370102003"),
        ("山东省济南市历下区", "370102"),
        ("山东省济南市", "370100"),
        ("山东省", "370000"),
        ("北京市东城区东华门街道", "110101001"),
    ])
    func derivedFromAddressText(address: String, code: String) {
        #expect(regions.derive(from: address)?.code == code)
    }

    @Test func nothingCertainNothingDerived() {
        #expect(regions.derive(from: "解放路12号") == nil)
    }

    @Test func significantDigits() {
        #expect(RegionCode.significant("370000") == "37")
        #expect(RegionCode.significant("370100") == "3701")
        #expect(RegionCode.significant("370102001000") == "370102001")
        #expect(RegionCode.stopsAboveTownship("370102"))
        #expect(!RegionCode.stopsAboveTownship("370102001"))
    }
}

@Suite struct PlacementTests {
    @Test func placementsByLevel() {
        let township = Office(code: "s", name: "s", level: .township, region: "370102001")
        #expect(township.placement(ofHukou: "370102001") == .register)
        #expect(township.placement(ofHukou: "370102001005") == .register)
        #expect(township.placement(ofHukou: "370102002") == .outside)
        #expect(township.placement(ofHukou: "370102") == .outside)
        #expect(township.placement(ofHukou: nil) == .outside)
        let county = Office(code: "c", name: "c", level: .county, region: "370102")
        #expect(county.placement(ofHukou: "370102002") == .register)
        #expect(county.placement(ofHukou: "370102") == .assignmentQueue)
        #expect(county.placement(ofHukou: "370100") == .outside)
        let central = Office(code: "z", name: "z", level: .central, region: nil)
        #expect(central.placement(ofHukou: "370100") == .assignmentQueue)
        #expect(central.placement(ofHukou: nil) == .assignmentQueue)
        #expect(Office(code: "p", name: "p", level: .prison, region: nil).placement(ofHukou: "110101") == .register)
    }
}
