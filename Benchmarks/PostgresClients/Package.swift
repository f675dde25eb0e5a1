// swift-tools-version:6.2
import PackageDescription

// A package of its own, so that the platform's build never carries PostgresNIO: it exists only
// to measure the platform's libpq layer against it on the same queries.
let package = Package(
    name: "postgres-clients",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: a path dependency's identity is its folder's name, which differs
        // between checkouts (CI clones into another folder), while this name is the manifest's.
        .package(name: "samverkan", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "postgres-clients",
            dependencies: [
                .product(name: "SamverkanPostgres", package: "samverkan"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
    ]
)
