// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "JSONValue", targets: ["JSONValue"]),
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "FerryCLI", targets: ["FerryCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // An ordered JSON value type with a strict, position-reporting parser and an AWS-compatible printer.
        .target(
            name: "JSONValue",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // Amazon States Language: typed state models, paths, intrinsic functions, the validator.
        .target(name: "StatesLanguage", dependencies: ["JSONValue"]),
        // The `ferry` command tree, as a library so tests can drive it in-process.
        .target(
            name: "FerryCLI",
            dependencies: [
                "JSONValue",
                "StatesLanguage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "ferry", dependencies: ["FerryCLI"]),

        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"]),
        .testTarget(
            name: "StatesLanguageTests",
            dependencies: ["StatesLanguage", "JSONValue"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FerryCLITests", dependencies: ["FerryCLI", "JSONValue"]),
        // Tests that cross a process boundary: the built `ferry` binary, and (later) real servers.
        .testTarget(name: "IntegrationTests", dependencies: ["JSONValue"]),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    ])
    target.swiftSettings = settings
}
