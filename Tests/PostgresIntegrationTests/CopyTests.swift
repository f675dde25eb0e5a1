import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct CopyTests {
    @Test func aHundredThousandRowsLandWhole() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let copied = try await pool.withTransaction { connection in
                try await connection.query("CREATE TEMPORARY TABLE staging (n int8, label text, amount numeric) ON COMMIT DROP")
                let copied = try await connection.copyIn(table: "staging", columns: ["n", "label", "amount"]) { writer in
                    for n in 1...100_000 {
                        try await writer.append([String(n), n % 1000 == 0 ? nil : "rad\t\(n)\n\\", "\(n).25"])
                    }
                }
                let row = try await connection.query("""
                    SELECT count(*), sum(n), count(label), sum(amount)::text,
                           bool_and(label = 'rad' || chr(9) || n || chr(10) || '\\') FROM staging
                    """).single!
                #expect(try row.decode(0, as: Int.self) == 100_000)
                #expect(try row.decode(1, as: Int.self) == 5_000_050_000)
                #expect(try row.decode(2, as: Int.self) == 99_900)
                #expect(try row.decode(3, as: String.self) == "5000075000.00")
                #expect(try row.decode(4, as: Bool.self))
                return copied
            }
            #expect(copied == 100_000)
        }
    }

    @Test func anAbortedCopyKeepsNothing() async throws {
        struct Broken: Error {}
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            try await owner.withConnection { try await $0.simpleQuery("CREATE TABLE staging (n int8); GRANT SELECT, INSERT ON staging TO samverkan_app") }
            let pool = await database.applicationPool(maxConnections: 1)
            await #expect(throws: Broken.self) {
                try await pool.withConnection { connection in
                    try await connection.copyIn(table: "staging", columns: ["n"]) { writer in
                        for n in 1...1000 { try await writer.append([String(n)]) }
                        throw Broken()
                    }
                }
            }
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    try await connection.copyIn(table: "staging", columns: ["n"]) { writer in
                        try await writer.append(["1"])
                        try await writer.append(["not a number"])
                    }
                }
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) FROM staging").single!.decode(0, as: Int.self) }
            #expect(count == 0)
        }
    }

    /// Every byte COPY's text format gives a meaning is escaped wherever it stands in a value
    /// (first, last, twice in a row), the rest arrives as it was sent, and a NUL is refused.
    @Test func valuesArriveByteForByte() async throws {
        let values = [
            "", "\\", "\t", "\n\r", "\\N", "a\\\\b", "\tÖstersund\t", "Åre – 100 % 🇸🇪\r\n", "slut\\", String(repeating: "x\t", count: 5_000),
        ]
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let stored: [String] = try await pool.withTransaction { connection in
                try await connection.query("CREATE TEMPORARY TABLE staging (n int4, value text) ON COMMIT DROP")
                try await connection.copyIn(table: "staging", columns: ["n", "value"]) { writer in
                    for (n, value) in values.enumerated() { try await writer.append([String(n), value]) }
                }
                return try await connection.query("SELECT value FROM staging ORDER BY n").map { try $0.decode(0) }
            }
            #expect(stored == values)
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("CREATE TEMPORARY TABLE staging (value text) ON COMMIT DROP")
                    try await connection.copyIn(table: "staging", columns: ["value"]) { try await $0.append(["a\u{0}b"]) }
                }
            }
        }
    }
}
