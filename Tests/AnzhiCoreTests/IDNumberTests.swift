import AnzhiCore
import Spreadsheet
import Testing

@Suite struct IDNumberTests {
    let today = CivilDate(year: 2026, month: 11, day: 29)!

    @Test func theStandardsExampleIsValid() throws {
        let id = try IDNumber.parse("11010519491231002X", today: today).get()
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == CivilDate(year: 1949, month: 12, day: 31)!)
        #expect(!id.isMale)
        #expect(id.description == "110105********002X")
        #expect(try IDNumber.parse(" 11010519491231002x ", today: today).get().value == "11010519491231002X")
    }

    @Test func fifteenDigitNumbersAreConverted() throws {
        // 110105491231002 → 11010519491231002X (the check character is computed).
        let id = try IDNumber.parse("110105491231002", today: today).get()
        #expect(id.value == "11010519491231002X")
        #expect(id.wasConverted)
    }

    /// Each number fails for exactly the stated reason (a future birth date with a valid checksum is covered
    /// below; with a wrong checksum the checksum is reported first, as here).
    @Test(arguments: [
        ("110105194912310021", IDNumber.Problem.checksum(expected: "X", found: "1")),
        ("11010520991231002X", .checksum(expected: "9", found: "X")),
        ("1101051949123100", .format(.length(16))),
        ("11010519491231A02X", .format(.notDigits)),
    ])
    func invalidNumbers(text: String, problem: IDNumber.Problem) {
        #expect(IDNumberTests.problem(IDNumber.parse(text, today: today)) == problem)
    }

    @Test func impossibleBirthDateWithValidChecksum() {
        let body = Array("11010519490231002".utf8)
        let text = String(decoding: body, as: UTF8.self) + String(IDNumber.checkCharacter(body))
        #expect(IDNumberTests.problem(IDNumber.parse(text, today: today)) == .birthDate("19490231"))
    }

    @Test func sequenceZeroAndFutureBirthWithValidChecksum() {
        let body = Array("11010519491231000".utf8)
        let zero = String(decoding: body, as: UTF8.self) + String(IDNumber.checkCharacter(body))
        #expect(IDNumberTests.problem(IDNumber.parse(zero, today: today)) == .sequenceZero)
        let future = Array("11010520991231002".utf8)
        let f = String(decoding: future, as: UTF8.self) + String(IDNumber.checkCharacter(future))
        #expect(
            IDNumberTests.problem(IDNumber.parse(f, today: today))
                == .futureBirthDate(CivilDate(year: 2099, month: 12, day: 31)!))
    }
}

extension IDNumberTests {
    /// The problem a parse reports, nil when the number was accepted.
    static func problem(_ r: Result<IDNumber, IDNumber.Problem>) -> IDNumber.Problem? {
        if case .failure(let p) = r { return p }
        return nil
    }
}
