import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct PoolTests {
    @Test func aFailingStatementRollsBackAndLeavesThePoolUsable() async throws {
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            try await owner.withConnection { try await $0.simpleQuery("CREATE TABLE t (n int PRIMARY KEY); GRANT SELECT, INSERT ON t TO samverkan_app") }
            let pool = await database.applicationPool(maxConnections: 1)
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO t VALUES (\(1))")
                    try await connection.query("INSERT INTO t VALUES (\(1))")  // unique violation
                }
            }
            let count = try await pool.withTransaction { try await $0.query("SELECT count(*) FROM t").single!.decode(0, as: Int.self) }
            #expect(count == 0)
            let statistics = await pool.statistics
            #expect(statistics.open == 1)
        }
    }

    @Test func aThrownSwiftErrorRollsBackToo() async throws {
        struct Abandon: Error {}
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            try await owner.withConnection { try await $0.simpleQuery("CREATE TABLE t (n int); GRANT SELECT, INSERT ON t TO samverkan_app") }
            let pool = await database.applicationPool()
            await #expect(throws: Abandon.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO t VALUES (\(1))")
                    throw Abandon()
                }
            }
            let count = try await pool.withTransaction { try await $0.query("SELECT count(*) FROM t").single!.decode(0, as: Int.self) }
            #expect(count == 0)
        }
    }

    @Test func twoHundredTasksShareFourConnections() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 4, acquireTimeout: .seconds(60))
            let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for n in 0..<200 {
                    group.addTask {
                        try await pool.withTransaction { connection in
                            let row = try await connection.query("SELECT \(n) * 2, pg_backend_pid(), pg_sleep(0.005)::text").single!
                            return (n, try row.decode(0, as: Int.self))
                        }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0.value == $0.key * 2 })
            let statistics = await pool.statistics
            #expect(statistics.open <= 4)
            #expect(statistics.waiting == 0)
        }
    }

    @Test func aTerminatedBackendIsReplaced() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let first = try await pool.withConnection { $0.backendPID }
            let admin = await database.superuserPool()
            try await admin.withConnection { try await $0.query("SELECT pg_terminate_backend(\(first))") }
            try await Task.sleep(for: .milliseconds(100))
            let second = try await pool.withTransaction { connection in
                try await connection.query("SELECT pg_backend_pid()").single!.decode(0, as: Int32.self)
            }
            #expect(second != first)
            let statistics = await pool.statistics
            #expect(statistics.open == 1)
        }
    }

    @Test func aConnectionLostMidStatementIsDiscarded() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let admin = await database.superuserPool()
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    let pid = connection.backendPID
                    let killer = Task {
                        try await Task.sleep(for: .milliseconds(200))
                        try await admin.withConnection { try await $0.query("SELECT pg_terminate_backend(\(pid))") }
                    }
                    defer { killer.cancel() }
                    try await connection.query("SELECT pg_sleep(5)")
                }
            }
            let ok = try await pool.withConnection { try await $0.query("SELECT true").single!.decode(0, as: Bool.self) }
            #expect(ok)
        }
    }

    @Test func waitingLongerThanTheLimitFailsWithPoolTimeout() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1, acquireTimeout: .milliseconds(200))
            let started = ContinuousClock.now
            let failure: PostgresError? = try await pool.withConnection { _ in
                do {
                    try await pool.withConnection { _ in }
                    return nil
                } catch let error as PostgresError {
                    return error
                } catch {
                    return nil
                }
            }
            #expect(failure?.kind == .poolTimeout)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func theStatisticsCountLentIdleAndWaiting() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1, acquireTimeout: .seconds(10))
            let fresh = await pool.statistics
            #expect(fresh.open == 0 && fresh.idle == 0 && fresh.waiting == 0)
            try await pool.withConnection { _ in
                let held = await pool.statistics
                #expect(held.inUse == 1 && held.idle == 0 && held.waiting == 0)
                let waiter = Task { try await pool.withConnection { _ in } }
                var waiting = 0
                for _ in 0..<100 where waiting == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                    waiting = await pool.statistics.waiting
                }
                #expect(waiting == 1)
                waiter.cancel()
                _ = await waiter.result
            }
            let after = await pool.statistics
            #expect(after.inUse == 0 && after.idle == 1 && after.waiting == 0)
        }
    }

    @Test func theStatementTimeoutStopsALongQuery() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let options = TransactionOptions(statementTimeout: .milliseconds(100))
            await #expect {
                try await pool.withTransaction(options) { try await $0.query("SELECT pg_sleep(10)") }
            } throws: { error in
                (error as? PostgresError)?.sqlState == .queryCanceled
            }
            let ok = try await pool.withConnection { try await $0.query("SELECT true").single!.decode(0, as: Bool.self) }
            #expect(ok)
        }
    }

    @Test func cancellingTheTaskCancelsTheStatement() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let started = ContinuousClock.now
            let task = Task {
                try await pool.withConnection { try await $0.query("SELECT pg_sleep(20)") }
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(ContinuousClock.now - started < .seconds(10))
            let ok = try await pool.withConnection { try await $0.query("SELECT true").single!.decode(0, as: Bool.self) }
            #expect(ok)
        }
    }

    @Test func transactionSettingsDoNotOutliveTheTransaction() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let inside = try await pool.withTransaction(TransactionOptions(settings: [("app.office_id", "abc")])) {
                try await $0.query("SELECT current_setting('app.office_id', true)").single!.decode(0, as: String?.self)
            }
            #expect(inside == "abc")
            let after = try await pool.withTransaction {
                try await $0.query("SELECT current_setting('app.office_id', true)").single!.decode(0, as: String?.self)
            }
            #expect(after == nil || after == "")
        }
    }

    @Test func errorsFromTheServerDoNotCarryParameterValues() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let secret = "hemligt-personnummer-19121212-1212"
            do {
                _ = try await pool.withConnection { try await $0.query("SELECT \(secret)::int") }
                Issue.record("a text that is not a number was accepted as int")
            } catch let error as PostgresError {
                #expect(error.sqlState == .invalidTextRepresentation)
                #expect(!error.description.contains(secret))
                #expect(!"\(error)".contains(secret))
            }
        }
    }
}
