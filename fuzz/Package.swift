// swift-tools-version: 6.2
// libFuzzer targets, kept out of the main build. Build and run them with ./run.sh (see README.md).
import PackageDescription

let package = Package(
    name: "FerryFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Ferry", path: "..")],
    targets: ["FuzzJSON", "FuzzJSONPath", "FuzzIntrinsic", "FuzzValidator"].map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "JSONValue", package: "Ferry"),
                .product(name: "StatesLanguage", package: "Ferry"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    } + ["FuzzCSV", "FuzzS3XML"].map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "DataPlane", package: "Ferry")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    }
)
