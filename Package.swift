// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: explicit existentials and imports that are
/// internal unless a file says otherwise, so no C type leaks into a public API.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Anzhi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "anzhi", targets: ["anzhi"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev", "zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "Spreadsheet",
            dependencies: ["CZip", "CLibXML2"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AnzhiCore",
            dependencies: ["Spreadsheet"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AnzhiStore",
            dependencies: [
                "AnzhiCore", "Spreadsheet",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AnzhiExchange",
            dependencies: [
                "AnzhiCore", "AnzhiStore", "Spreadsheet", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AnzhiReports",
            dependencies: ["AnzhiCore", "AnzhiStore", "Spreadsheet"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "anzhi",
            dependencies: [
                "Spreadsheet", "AnzhiCore", "AnzhiStore", "AnzhiExchange", "AnzhiReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpreadsheetTests",
            dependencies: ["Spreadsheet"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AnzhiCoreTests",
            dependencies: ["AnzhiCore", "Spreadsheet"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AnzhiStoreTests",
            dependencies: ["AnzhiStore", "AnzhiCore", "Spreadsheet"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AnzhiExchangeTests",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                "AnzhiExchange", "AnzhiStore", "AnzhiCore", "Spreadsheet",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AnzhiReportsTests",
            dependencies: [
                "AnzhiReports", "AnzhiExchange", "AnzhiStore", "AnzhiCore", "Spreadsheet",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "anzhiTests",
            dependencies: ["anzhi", "AnzhiExchange", "AnzhiCore", "Spreadsheet"],
            swiftSettings: strictSettings
        ),
    ]
)
