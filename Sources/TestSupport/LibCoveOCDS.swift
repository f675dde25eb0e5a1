import Foundation

/// The official OCDS validator, `libcoveocds` (PyPI), run offline against the standard's
/// release in `shared/ocds/ocds-standard-1__1__5.zip`: what the issue says the publication
/// must pass with zero errors. `Deploy/install-dependencies --for-tests` installs it.
public enum LibCoveOCDS {
    public static let standardZipPath = "shared/ocds/ocds-standard-1__1__5.zip"

    /// What the validator said about one file, in the parts the tests judge.
    public struct Report: Sendable {
        /// Schema errors: each `message` at its `path`s. Must be none.
        public var validationErrors: [String]
        /// The additional checks (fields set but empty, …), by check. Should be none.
        public var additionalChecks: [String]
        /// Values outside a closed codelist. Must be none: the schema does not always catch them.
        public var closedCodelistValues: [String]
        /// Open codelist values the standard does not list (an extension's, when it cannot be fetched).
        public var openCodelistValues: [String]
        /// Fields the schema does not know, `path/field`: an extension's fields when the
        /// extension cannot be fetched (offline), otherwise a mistake.
        public var additionalFields: [String]
        public var deprecatedFields: [String]
        /// Declared extensions the validator could not read (offline, all of them).
        public var unreadExtensions: [String]
        public var releaseCount: Int?
        /// The validator's whole answer, for a failure message.
        public var output: String

        /// Everything that makes the package fail: schema errors, values outside closed
        /// codelists, deprecated or empty fields, and fields that no declared extension explains.
        public var problems: [String] {
            validationErrors.map { "validation error: \($0)" }
                + closedCodelistValues.map { "closed codelist: \($0)" }
                + additionalChecks.map { "additional check: \($0)" }
                + deprecatedFields.map { "deprecated: \($0)" }
                + additionalFields.filter { !LibCoveOCDS.extensionFields.contains($0) }.map { "unknown field: \($0)" }
        }
    }

    /// The fields of the extensions the platform declares (lots, bid statistics), as the
    /// validator lists them when it cannot fetch the extensions: offline, they are expected.
    public static let extensionFields: Set<String> = [
        "/releases/tender/lots", "/releases/tender/items/relatedLot", "/releases/awards/relatedLots", "/releases/bids",
    ]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Validates a package given as JSON, through a temporary file.
    public static func validate(json: Data) throws -> Report {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-ocds-\(UUID().uuidString).json")
        try json.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try validate(file: file)
    }

    /// Validates `file`; throws when the validator or the standard cannot be found or run,
    /// with what to do about it: the check must never be skipped quietly.
    public static func validate(file: URL) throws -> Report {
        let zip = try standardZip()
        let (status, output, errors) = try run(validatorCommand() + ["--standard-zip", zip.path, file.path])
        guard status == 0, let data = output.data(using: .utf8),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "libcoveocds failed (exit \(status)): \(errors.suffix(2000))\(output.prefix(2000))")
        }
        func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
        func describe(_ value: Any) -> String {
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).flatMap { String(data: $0, encoding: .utf8) }
                ?? "\(value)"
        }
        let extensions = json["extensions"] as? [String: Any]
        return Report(
            validationErrors: list("validation_errors").map(describe),
            additionalChecks: (json["additional_checks"] as? [String: Any] ?? [:]).map { "\($0.key): \(describe($0.value))" }.sorted(),
            closedCodelistValues: (json["additional_closed_codelist_values"] as? [String: Any] ?? [:]).map { "\($0.key): \(describe($0.value))" }.sorted(),
            openCodelistValues: (json["additional_open_codelist_values"] as? [String: Any] ?? [:]).keys.sorted(),
            additionalFields: list("additional_fields").map { "\($0["path"] as? String ?? "")/\($0["field"] as? String ?? "")" }.sorted(),
            deprecatedFields: list("deprecated_fields").map(describe),
            unreadExtensions: (extensions?["invalid_extension"] as? [String: Any] ?? [:]).keys.sorted(),
            releaseCount: json["count"] as? Int,
            output: output)
    }

    /// The standard's ZIP, in `shared/` beside the repository or beside any folder above it
    /// (CI puts a copy of shared/ beside its clone).
    public static func standardZip() throws -> URL {
        var folder = repositoryRoot
        while true {
            let candidate = folder.appendingPathComponent(standardZipPath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        throw Failure(description: """
            the OCDS standard (\(standardZipPath)) was not found beside \(repositoryRoot.path) or any folder above it; \
            the OCDS validation needs it: put the project's shared/ folder beside the checkout
            """)
    }

    /// The checkout this file is in.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `libcoveocds` from PATH, else the module through `python3` (pip may put the script in
    /// a folder that is not on the test process's PATH).
    static func validatorCommand() throws -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/libcoveocds"
            if FileManager.default.isExecutableFile(atPath: candidate) { return [candidate] }
        }
        if let (status, _, _) = try? run(["python3", "-c", "import libcoveocds"]), status == 0 {
            return ["python3", "-m", "libcoveocds"]
        }
        throw Failure(description: """
            libcoveocds (the OCDS validator) is not installed: run Deploy/install-dependencies --for-tests \
            (it runs python3 -m pip install libcoveocds)
            """)
    }

    private static func run(_ command: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        // The validator's temporary output folder goes to the system's temporary folder, not ours.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("libcoveocds-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let errorsHandle = try FileHandle(forWritingTo: errorsFile)
        defer { try? errorsHandle.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorsHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read to the end before waiting: a full pipe would otherwise block the child.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errors)
    }
}
