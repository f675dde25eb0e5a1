// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "samverkan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "samverkan", targets: ["samverkan"]),
        // The libpq client alone, for Benchmarks/PostgresClients (libpq against PostgresNIO), with
        // the value types it decodes into (CalendarDate, Money) and the private cluster, so that
        // the benchmark decodes and connects as the platform does.
        .library(name: "SamverkanPostgres", targets: ["Postgres", "Procurement", "LocalPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Property-based tests of the procurement rules (test target only).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // libpq, the PostgreSQL client library, from the system (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // The domain, pure: no IO, Foundation only.
        .target(name: "Procurement", swiftSettings: swiftSettings),
        // Open Contracting Data Standard 1.1: the office's publication as a release package. Pure: no IO.
        .target(name: "OpenContracting", dependencies: ["Procurement"], swiftSettings: swiftSettings),
        // Safe Swift over libpq: connections, pool, parameterised queries, COPY, errors.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "Procurement",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // A private PostgreSQL cluster in a folder: initdb, pg_ctl, roles.
        .target(
            name: "LocalPostgres",
            dependencies: ["Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Passwords, bearer secrets, CSRF tokens and login throttling: pure, bar bcrypt's thread pool.
        .target(
            name: "Authentication",
            dependencies: [
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The domain's persistence: migrations and one file per aggregate.
        .target(
            name: "Store",
            dependencies: [
                "Postgres", "Procurement", "Authentication", "OpenContracting", "SpendFiles",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP: JSON API and HTML pages.
        .target(
            name: "Server",
            dependencies: [
                "Store", "Postgres", "Procurement", "Authentication", "OpenContracting", "SpendFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Templates"), .copy("OpenAPI")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "samverkan",
            dependencies: [
                "Server", "Store", "Postgres", "LocalPostgres", "Procurement", "Authentication", "OpenContracting", "SpendFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the integration tests: one private cluster per test run, fresh databases.
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "LocalPostgres", "Store", "Authentication"],
            swiftSettings: swiftSettings
        ),
        // Accounts-payable CSV exports and PEPPOL BIS Billing 3 invoices read into spend lines: pure, no IO.
        .target(name: "SpendFiles", dependencies: ["Procurement"], swiftSettings: swiftSettings),
        // A headless Chromium for the browser tests, driven over W3C WebDriver by chromedriver: Foundation only.
        .target(name: "WebDriver", swiftSettings: swiftSettings),

        .testTarget(
            name: "ProcurementTests",
            dependencies: ["Procurement", .product(name: "PropertyBased", package: "swift-property-based")],
            // The reference CSVs the rules are tested against, read by path.
            exclude: ["Reference"],
            swiftSettings: swiftSettings
        ),
        // The OCDS mapping, and the official validator (libcoveocds) on a full scenario.
        .testTarget(name: "OpenContractingTests", dependencies: ["OpenContracting", "Procurement", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthenticationTests", dependencies: ["Authentication"], swiftSettings: swiftSettings),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Procurement"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresIntegrationTests",
            dependencies: ["Postgres", "TestSupport", "Procurement"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LocalPostgresTests", dependencies: ["LocalPostgres", "Postgres"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport", "Postgres", "Procurement", "Authentication"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "TestSupport", "Postgres", "Procurement", "Authentication", "OpenContracting", "SpendFiles",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The readers against the official PEPPOL examples (../shared/testdata/peppol) and CSV fixtures.
        .testTarget(
            name: "SpendFilesTests",
            dependencies: ["SpendFiles", "Procurement"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "WebDriverTests", dependencies: ["WebDriver"], swiftSettings: swiftSettings),
        // The Swedish pages in a real headless Chromium, against a running server and the test cluster.
        .testTarget(
            name: "BrowserTests",
            dependencies: [
                "Server", "Store", "TestSupport", "WebDriver", "Authentication", "Procurement",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SamverkanTests", dependencies: ["samverkan", "TestSupport", "Store", "Postgres", "Procurement", "Authentication", .product(name: "Logging", package: "swift-log"), .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
    ]
)
