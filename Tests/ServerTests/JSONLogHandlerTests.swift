import Foundation
import Logging
import Server
import Testing

/// `LOG_FORMAT=json`: one valid JSON object a line, whatever the values hold.
@Suite struct JSONLogHandlerTests {
    func logger(_ lines: CapturedLines, label: String = "samverkan.test") -> Logger {
        var logger = Logger(label: label) { label in
            JSONLogHandler(label: label, metadataProvider: RequestLogMetadata.provider) { lines.append($0) }
        }
        logger.logLevel = .trace
        return logger
    }

    func entries(_ lines: CapturedLines) throws -> [[String: Any]] {
        try lines.lines.map { line in
            #expect(line.hasSuffix("\n"))
            #expect(line.dropLast().contains("\n") == false, "one entry, one line")
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func aLineIsOneJSONObjectWithTheFields() throws {
        let lines = CapturedLines()
        var logger = logger(lines)
        logger[metadataKey: "component"] = "pool"
        logger.warning("connection discarded", metadata: ["reusable": "false", "count": .stringConvertible(3)])

        let entry = try #require(try entries(lines).first)
        #expect(Set(entry.keys) == ["time", "level", "label", "message", "metadata"])
        #expect(entry["level"] as? String == "warning")
        #expect(entry["label"] as? String == "samverkan.test")
        #expect(entry["message"] as? String == "connection discarded")
        let metadata = try #require(entry["metadata"] as? [String: Any])
        #expect(metadata["component"] as? String == "pool")
        #expect(metadata["reusable"] as? String == "false")
        #expect(metadata["count"] as? String == "3")
        let time = try #require(entry["time"] as? String)
        let parsed = try #require(try? Date(time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
        #expect(time.hasSuffix("Z"))
    }

    @Test func valuesThatLookLikeJSONOrLineBreaksAreEscaped() throws {
        let lines = CapturedLines()
        let hostile = "a\"b\\c\nd\re\tf\u{01}g\u{7F}h\u{2028}i\", \"level\": \"critical"
        logger(lines).info("\(hostile)", metadata: [
            "value": .string(hostile),
            hostile: "key too",
            "list": [.string(hostile), "Östersund"],
            "nested": ["inner": .string(hostile)],
        ])

        #expect(lines.lines.count == 1)
        let raw = try #require(lines.lines.first)
        #expect(!raw.dropLast().contains("\n") && !raw.contains("\r") && !raw.contains("\u{01}") && !raw.contains("\u{2028}"))
        let entry = try #require(try entries(lines).first)
        #expect(entry["level"] as? String == "info")
        #expect(entry["message"] as? String == hostile)
        let metadata = try #require(entry["metadata"] as? [String: Any])
        #expect(metadata["value"] as? String == hostile)
        #expect(metadata[hostile] as? String == "key too")
        #expect(metadata["list"] as? [String] == [hostile, "Östersund"])
        #expect((metadata["nested"] as? [String: Any])?["inner"] as? String == hostile)
        #expect(raw.contains("Östersund"), "non-ASCII letters stay readable")
    }

    @Test func theRequestIDReachesLoggersOutsideTheRequestContext() async throws {
        let lines = CapturedLines()
        let logger = logger(lines, label: "postgres.pool")
        await RequestLogMetadata.withRequestID("req-42") {
            logger.debug("discarding a database connection")
        }
        logger.debug("outside any request")

        let all = try entries(lines)
        #expect(all.count == 2)
        #expect((all[0]["metadata"] as? [String: Any])?["hb.request.id"] as? String == "req-42")
        #expect((all[1]["metadata"] as? [String: Any])?["hb.request.id"] == nil)
    }

    @Test func theLevelIsTheHandlers() throws {
        let lines = CapturedLines()
        var logger = logger(lines)
        logger.logLevel = .notice
        logger.info("dropped")
        logger.error("kept", error: TestFailure())
        let all = try entries(lines)
        #expect(all.count == 1)
        #expect(all.first?["message"] as? String == "kept")
        #expect((all.first?["metadata"] as? [String: Any])?["error.message"] as? String == "a test failure")
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String { "a test failure" }
    }
}
