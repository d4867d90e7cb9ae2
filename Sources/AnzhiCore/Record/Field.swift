/// Which side is authoritative for a field (domain §4): the custodial institution or the judicial office.
public enum FieldOwner: String, Sendable, Hashable, Codable {
    /// 监狱/看守所 (P).
    case prison
    /// 司法所 and leadership offices (J).
    case office
}

/// How a field's text is read and checked.
public enum FieldKind: Sendable, Hashable {
    case text
    /// A civil date; `pastEvent` dates may not lie in the future.
    case date(pastEvent: Bool)
    /// A value from a code table, stored by its canonical name.
    case code(String)
    case integer
    /// 公民身份号码 (GB 11643).
    case idNumber
    /// A region code of 6, 9 or 12 digits (GB/T 2260, GB/T 10114).
    case region
}

/// One field of the person record: its id, database column, canonical header and the aliases an import accepts.
public struct FieldSpec: Sendable, Hashable, Identifiable {
    /// Stable camelCase id (domain §4), e.g. `idNumber`.
    public let id: String
    /// The database column (snake_case).
    public let column: String
    /// The canonical header of the import template.
    public let header: String
    public let aliases: [String]
    public let kind: FieldKind
    public let owner: FieldOwner
    /// A sentence for the template's 填写说明 sheet.
    public let help: String
}

/// The person record's fields in template order (domain §4).
public enum PersonFields {
    public static let all: [FieldSpec] = [
        f("name", "姓名", [], .text, .prison, "必填。与身份证件一致的姓名"),
        f("alias", "曾用名", ["别名"], .text, .prison, "曾用名或别名"),
        f("sex", "性别", [], .code("sex"), .prison, "男/女（也可填 GB/T 2261.1 代码 1/2）；应与身份证号一致"),
        f("ethnicity", "民族", [], .code("ethnicity"), .prison, "GB/T 3304 民族名称或两位代码"),
        f("birthDate", "出生日期", [], .date(pastEvent: true), .prison, "日期；应与身份证号一致，为空时由身份证号得出"),
        f("idNumber", "公民身份号码", ["身份证号", "身份证号码", "身份证"], .idNumber, .prison, "18 位公民身份号码（15 位旧号自动升位）；请以文本格式填写"),
        f("education", "文化程度", ["学历"], .code("education"), .prison, "GB/T 4658 文化程度"),
        f("marital", "婚姻状况", [], .code("marital"), .prison, "GB/T 2261.2 婚姻状况"),
        f("hukouRegion", "户籍地区划代码", ["户籍地代码"], .region, .prison, "户籍地行政区划代码，6/9/12 位；为空时由户籍地址推断"),
        f("hukouAddress", "户籍地址", ["户籍地", "户籍所在地", "户籍详细地址"], .text, .prison, "户籍详细地址"),
        f("residenceRegion", "现住地区划代码", ["现住地代码"], .region, .office, "现住地行政区划代码"),
        f("residenceAddress", "现住地址", ["现住址", "居住地"], .text, .office, "现住详细地址"),
        f("crime", "罪名", ["原罪名"], .text, .prison, "罪名"),
        f("sentence", "原判刑期", ["刑期"], .text, .prison, "如 有期徒刑3年6个月、无期徒刑"),
        f("sentenceStart", "刑期起日", ["刑期开始日期"], .date(pastEvent: false), .prison, "日期"),
        f("sentenceEnd", "刑期止日", ["刑期截止日期"], .date(pastEvent: false), .prison, "日期"),
        f("institution", "服刑场所", ["监所名称"], .text, .prison, "监狱或看守所名称"),
        f("inmateNumber", "罪犯编号", ["在押编号"], .text, .prison, "罪犯编号（文本）"),
        f("admissionDate", "入监日期", ["入所日期"], .date(pastEvent: true), .prison, "日期"),
        f("recidivist", "是否累犯", ["累犯"], .code("yes-no"), .prison, "是/否"),
        f("risk", "危险性评估", ["风险等级"], .code("risk"), .prison, "高危/中危/低危"),
        f("sanwu", "是否三无人员", ["三无人员"], .code("yes-no"), .prison, "是/否（无家可归、无亲可投、无业可就）"),
        f("expectedRelease", "预计释放日期", [], .date(pastEvent: false), .prison, "日期"),
        f("custodySummary", "服刑情况", [], .text, .prison, "出监前一个月补录"),
        f("conduct", "狱中表现", ["改造表现"], .text, .prison, "出监前一个月补录"),
        f("prisonAdvice", "监所帮教建议", [], .text, .prison, "出监前一个月补录"),
        f("verification", "核实结果", [], .code("verification"), .office, "待核实/核实成功/核实失败"),
        f("verificationNote", "未核实原因", ["核实失败原因"], .text, .office, "核实失败时填写"),
        f("possibleWhereabouts", "可能去向", [], .text, .office, "核实失败时填写"),
        f("officeAdvice", "司法所帮教建议", [], .text, .office, "核实成功后填写"),
        f("pickupTime", "接回时间", [], .text, .office, "回执：接回时间"),
        f("pickupPlace", "接回地点", [], .text, .office, "回执：接回地点"),
        f("pickupBy", "接回人", [], .text, .office, "回执：接回人"),
        f("releaseDate", "释放日期", [], .date(pastEvent: true), .prison, "日期"),
        f("releaseSource", "释放来源", [], .code("release-source"), .prison, "监狱/看守所/社区矫正/劳教所"),
        f("releaseType", "释放类型", ["释放原因"], .code("release-type"), .prison, "刑满释放/假释/特赦/解除社区矫正/解除劳教/其他"),
        f("handoverDate", "衔接日期", [], .date(pastEvent: true), .office, "日期"),
        f("handoverMethod", "衔接方式", ["衔接情况"], .code("handover-method"), .office, "必接必送/家属接回/自行报到/其他"),
        f("notHandedOverReason", "未衔接原因", [], .code("not-handed-over-reason"), .office, "下落不明/人户分离/其他"),
        f("placementDate", "安置日期", [], .date(pastEvent: true), .office, "日期"),
        f("placementKind", "安置情况", ["安置方式"], .code("placement-kind"), .office, "单位就业/灵活就业/个体经营/务农/安置基地/社会救助/其他"),
        f("notPlacedReason", "未安置原因", [], .text, .office, "未安置时填写"),
        f("helpGroupDate", "帮教落实日期", ["帮教小组成立日期"], .date(pastEvent: true), .office, "日期"),
        f("helpStatus", "帮教情况", [], .text, .office, "帮教情况"),
        f("reoffenceDate", "重新犯罪日期", [], .date(pastEvent: true), .office, "日期"),
        f("reoffenceCrime", "重新犯罪罪名", [], .text, .office, "罪名"),
        f("lostContactSince", "脱管日期", [], .date(pastEvent: true), .office, "日期；空表示未脱管"),
        f("unregistered", "漏管", [], .code("yes-no"), .office, "是/否"),
        f("exitDate", "注销日期", [], .date(pastEvent: true), .office, "日期"),
        f("exitReason", "注销原因", [], .code("exit-reason"), .office, "帮教期满/死亡/重新犯罪收监/迁出/其他"),
        f("helpTermYears", "帮教期限(年)", [], .integer, .office, "整数；为空时按规定：劳教所释放或解除社区矫正、解除劳教为 3 年，其余 5 年"),
        // Appended, not placed beside 服刑场所: a field's position is its bit in each person's `supplied` mask.
        f("institutionCode", "监所代码", ["服刑场所代码"], .text, .prison, "关押此人的监所在本系统中的机构代码（监所的更新包自动填写）"),
    ]

    private static func f(
        _ id: String, _ header: String, _ aliases: [String], _ kind: FieldKind, _ owner: FieldOwner,
        _ help: String
    ) -> FieldSpec {
        FieldSpec(id: id, column: snakeCase(id), header: header, aliases: aliases, kind: kind, owner: owner, help: help)
    }

    static func snakeCase(_ id: String) -> String {
        var out = ""
        for ch in id {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Positions of the fields the rules refer to by name (resolved once, not per row).
    public enum At {
        public static let name = index["name"]!
        public static let sex = index["sex"]!
        public static let birthDate = index["birthDate"]!
        public static let idNumber = index["idNumber"]!
        public static let hukouRegion = index["hukouRegion"]!
        public static let hukouAddress = index["hukouAddress"]!
        public static let institution = index["institution"]!
        public static let inmateNumber = index["inmateNumber"]!
        public static let releaseDate = index["releaseDate"]!
        public static let releaseSource = index["releaseSource"]!
        public static let handoverDate = index["handoverDate"]!
        public static let notHandedOverReason = index["notHandedOverReason"]!
    }

    /// The verification fields (核实结果, 未核实原因, 可能去向, 司法所帮教建议): only the office sets them
    /// (domain §4–§5). A prison batch that carries them fills nothing there; its values stay with the row's
    /// unknown columns.
    public static let verification: Set<String> = [
        "verification", "verificationNote", "possibleWhereabouts", "officeAdvice",
    ]

    /// The fields a 司法所 answers a prison with (核实 and 回执): what travels back to the prison that holds the person.
    public static let cycle: [String] = [
        "verification", "verificationNote", "possibleWhereabouts", "officeAdvice", "pickupTime", "pickupPlace",
        "pickupBy",
    ]

    /// Field positions by id.
    public static let index: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })

    /// The field spec with this id.
    public static func spec(_ id: String) -> FieldSpec { all[index[id]!] }

    /// Headers of the visits sheet (domain §4): canonical header → aliases.
    public static let visitHeaders: [(field: String, header: String, aliases: [String])] = [
        ("idNumber", "公民身份号码", ["身份证号", "身份证号码", "身份证"]),
        ("visitDate", "走访日期", ["走访时间"]),
        ("visitor", "走访人", []),
        ("note", "走访情况", []),
    ]
}
