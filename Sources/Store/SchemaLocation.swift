import Foundation

/// Finds the `Schema/` folder: where it is named, beside an installed binary
/// (`<prefix>/share/samverkan/Schema`), in the working folder, or in the source tree this
/// module was built from.
public enum SchemaLocation {
    public static func find(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let configured = environment["SAMVERKAN_SCHEMA_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/samverkan/Schema"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Schema"))
        candidates.append(sourceTree)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("0001_foundation.sql").path) {
            return candidate.standardizedFileURL
        }
        return sourceTree
    }

    /// `Schema/` of the checkout this was compiled from.
    public static var sourceTree: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schema")
    }
}
