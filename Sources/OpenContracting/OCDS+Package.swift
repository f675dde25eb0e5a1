import Foundation

extension OCDS {
    /// A release package: the office's whole publication at one moment.
    public struct ReleasePackage: Encodable, Sendable, Equatable {
        /// Where this package is published.
        public var uri: String
        public var version: String = OCDS.version
        public var extensions: [String]
        public var publishedDate: String
        public var publisher: Publisher
        public var releases: [Release]
    }

    public struct Publisher: Encodable, Sendable, Equatable {
        public var name: String
    }
}

extension OCDS.ReleasePackage {
    /// The package as JSON with sorted keys and no escaped slashes: the same data gives the
    /// same bytes, so tests, caches and diff tools can compare publications.
    public func jsonData(prettyPrinted: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                                 : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
