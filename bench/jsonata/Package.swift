// swift-tools-version: 6.2
// JSONata benchmark, kept out of the main build. Its source targets are symlinks to the main package's, so it
// builds without the main package's server and database dependencies:
//   python3 bench/jsonata.py   (or: swift run -c release --package-path bench/jsonata JSONataBenchmark [iterations])
import PackageDescription

let package = Package(
    name: "JSONataBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0")
    ],
    targets: [
        .target(
            name: "JSONValue",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "CivilCalendar"),
        .target(name: "JSONata", dependencies: ["CivilCalendar", "JSONValue"]),
        .executableTarget(name: "JSONataBenchmark", dependencies: ["JSONata", "JSONValue"]),
    ]
)

for target in package.targets where target.type != .system {
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
