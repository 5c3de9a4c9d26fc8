// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "JSONValue", targets: ["JSONValue"]),
        .library(name: "JSONata", targets: ["JSONata"]),
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "StatesEngine", targets: ["StatesEngine"]),
        .library(name: "DataPlane", targets: ["DataPlane"]),
        .library(name: "Scheduling", targets: ["Scheduling"]),
        .library(name: "Pipelines", targets: ["Pipelines"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "FerryCLI", targets: ["FerryCLI"]),
        .library(name: "StepFunctionsAPI", targets: ["StepFunctionsAPI"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // An ordered JSON value type with a strict, position-reporting parser and an AWS-compatible printer.
        .target(
            name: "JSONValue",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // Proleptic Gregorian calendar arithmetic (days since 1970 and back), shared by every timestamp parser/printer.
        .target(name: "CivilCalendar"),
        // JSONata: the expression language (parser, evaluator, standard library), with no dependency on ASL.
        .target(name: "JSONata", dependencies: ["CivilCalendar", "JSONValue"]),
        // Amazon States Language: typed state models, paths, intrinsic functions, the validator.
        .target(
            name: "StatesLanguage",
            dependencies: ["CivilCalendar", "JSONValue", "JSONata", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The ASL interpreter: executions, Retry/Catch, Parallel/Map, history events, tasks, the clock.
        .target(
            name: "StatesEngine",
            dependencies: [
                "CivilCalendar", "JSONValue", "JSONata", "StatesLanguage", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // zlib, for gzip-compressed CSV (Debian: zlib1g-dev).
        .systemLibrary(name: "CFerryZlib", path: "Sources/CFerryZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // MariaDB Connector/C, the blocking MySQL/MariaDB client (Debian: libmariadb-dev). Only DataPlane imports it.
        .systemLibrary(
            name: "CMariaDB",
            path: "Sources/CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"]), .brew(["mariadb-connector-c"])]
        ),
        // OpenSSL, for PostgreSQL connections with TLS (Debian: libssl-dev, which libmariadb-dev also needs).
        .systemLibrary(
            name: "CFerryOpenSSL",
            path: "Sources/CFerryOpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        // Moving data: the CSV codec, object stores (local directory, S3 signing), SQL connectors (MySQL/MariaDB,
        // PostgreSQL, SQLite), and transfers between them (extract/load with manifests).
        .target(
            name: "DataPlane",
            dependencies: [
                "CFerryOpenSSL",
                "CFerryZlib",
                "CMariaDB",
                "CivilCalendar",
                "JSONValue",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The BI replication pipeline: the catalog (admin database) with its migrations, the legacy-entry
        // translator, the work items, and the built-in ferry:* tasks that run them.
        .target(
            name: "Pipelines",
            dependencies: [
                "CivilCalendar", "DataPlane", "JSONValue", "StatesLanguage", "StatesEngine",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The durable journal of executions: state machines and their revisions, executions, history events, task
        // tokens, schedules and worker leases, in SQLite or PostgreSQL, with its own migrations.
        .target(name: "Store", dependencies: ["DataPlane", "JSONValue"]),
        // EventBridge Scheduler expressions (rate, cron, at), their fire times, and the scheduler state machine and loop.
        .target(name: "Scheduling", dependencies: ["CivilCalendar"]),
        // The AWS Step Functions JSON 1.0 wire protocol of `ferry serve`: typed requests with AWS's validation,
        // AWS's error shapes, response encoding, and SigV4 verification (with DataPlane's signer). No HTTP server, no
        // storage.
        .target(
            name: "StepFunctionsAPI",
            dependencies: ["DataPlane", "JSONValue", "StatesLanguage"]
        ),
        // `ferry serve`: the Step Functions-compatible HTTP API over the Store, the durable runner that claims, runs and
        // resumes its executions, and the schedule service.
        .target(
            name: "Server",
            dependencies: [
                "StepFunctionsAPI", "Store", "StatesEngine", "StatesLanguage", "Scheduling", "JSONValue", "DataPlane",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The `ferry` command tree, as a library so tests can drive it in-process.
        .target(
            name: "FerryCLI",
            dependencies: [
                "JSONValue",
                "StatesLanguage",
                "StatesEngine",
                "DataPlane",
                "Pipelines",
                "Scheduling",
                "Server",
                "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "ferry", dependencies: ["FerryCLI"]),

        .testTarget(name: "CivilCalendarTests", dependencies: ["CivilCalendar"]),
        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"]),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "JSONValue"]),
        .testTarget(
            name: "StatesLanguageTests",
            dependencies: ["StatesLanguage", "JSONValue"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "StatesEngineTests", dependencies: ["StatesEngine", "StatesLanguage", "JSONValue"]),
        .testTarget(
            name: "DataPlaneTests",
            dependencies: ["DataPlane", "JSONValue", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling"]),
        .testTarget(
            name: "PipelinesTests",
            dependencies: ["Pipelines", "DataPlane", "JSONValue", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Runs against real SQLite files and the PostgreSQL from scripts/start-postgres.sh (POSTGRES_* variables).
        .testTarget(name: "StoreTests", dependencies: ["Store", "DataPlane", "JSONValue"]),
        // Unit tests of the wire protocol; the botocore oracle tests run Python from scripts/install-botocore.sh's
        // environment and are skipped without it.
        .testTarget(name: "StepFunctionsAPITests", dependencies: ["StepFunctionsAPI", "DataPlane", "JSONValue", "StatesLanguage"]),
        // The HTTP API in-process: every action against a SQLite store in a temporary directory.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "StepFunctionsAPI", "Store", "StatesEngine", "StatesLanguage", "JSONValue", "DataPlane",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The web console: graph layout, execution traces, escaping, and the pages through the router.
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Server", "Store", "StatesLanguage", "JSONValue", "DataPlane",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "FerryCLITests",
            dependencies: [
                "FerryCLI", "DataPlane", "JSONValue", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests that cross a process boundary: the built `ferry` binary, and real servers (MariaDB from
        // scripts/start-mariadb.sh, the S3-protocol server from scripts/start-s3.sh) and SQLite files.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "JSONValue", "DataPlane", "Pipelines",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
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
