import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each log entry as one line of JSON, for a log collector (journald's JSON export,
/// Loki, Elasticsearch…) to read without guessing:
///
///     {"time":"2026-11-20T16:45:59.123Z","level":"info","label":"samverkan","message":"request","metadata":{"hb.request.id":"…","http.status":"200"}}
///
/// `LOG_FORMAT=json` selects it. Every value is escaped as RFC 8259 asks, so a message or a
/// metadata value holding quotes, newlines or control characters can neither break the line
/// nor forge a field. Metadata keeps its structure: lists become arrays, dictionaries objects.
/// Keys are sorted, so equal entries give equal lines.
public struct JSONLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each line, ending in a newline; standard error by default.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStandardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        write(Self.line(
            time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// One entry as a line of JSON, newline included.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var out = #"{"time":"#
        appendString(time.formatted(Self.timeFormat), to: &out)
        out += #","level":"#
        appendString(level.rawValue, to: &out)
        out += #","label":"#
        appendString(label, to: &out)
        out += #","message":"#
        appendString(message, to: &out)
        out += #","metadata":"#
        appendValue(.dictionary(metadata), to: &out)
        out += "}\n"
        return out
    }

    /// UTC with milliseconds: `2026-11-20T16:45:59.123Z`.
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendValue(element, to: &out)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                appendValue(dictionary[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string: quotes, backslashes and every control character escaped; the rest as is
    /// (the line is UTF-8, so `Östersund` stays readable).
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            // C0 controls, DEL and the line and paragraph separators, which some readers take
            // for line ends.
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Writes `line` to standard error with one `write(2)`, so that lines from concurrent tasks
    /// never interleave within a line (the stream is unbuffered; a pipe keeps writes of up to
    /// PIPE_BUF bytes whole).
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = writeToFile(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

private func writeToFile(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
