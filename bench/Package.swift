// swift-tools-version: 6.2
// Benchmarks, kept out of the main build. Run in release:
//   swift run -c release --package-path bench ferry-bench     validation of a 1,000-state definition
//   python3 bench/engine.py                                   the interpreter against LocalStack's (moto)
//   swift run -c release --package-path bench csv-bench       the CSV codec
import PackageDescription

let package = Package(
    name: "FerryBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Ferry", path: "..")],
    targets: [
        .executableTarget(
            name: "ferry-bench",
            dependencies: [
                .product(name: "JSONValue", package: "Ferry"),
                .product(name: "StatesLanguage", package: "Ferry"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                .product(name: "JSONValue", package: "Ferry"),
                .product(name: "StatesLanguage", package: "Ferry"),
                .product(name: "StatesEngine", package: "Ferry"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "csv-bench",
            dependencies: [.product(name: "DataPlane", package: "Ferry")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
