import Logging
import NIOPosix

/// A pool of libpq connections, lent to one task at a time.
///
/// At most `maxConnections` are open. A task that finds none free waits in line, up to
/// `acquireTimeout`, and is then refused with `poolTimeout` rather than queueing without bound.
/// A connection that comes back broken or still inside a transaction is closed, never lent
/// again. The pool owns a thread pool with one thread per connection, so blocking libpq calls
/// never starve each other.
public actor PostgresPool {
    public nonisolated let configuration: PostgresConfiguration
    public nonisolated let maxConnections: Int
    public nonisolated let acquireTimeout: Duration?
    nonisolated let logger: Logger
    private let threadPool: NIOThreadPool

    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Handoff, any Error>)] = []
    private var nextWaiterID = 0
    private var isClosed = false

    private enum Handoff {
        case connection(PostgresConnection)
        /// A place came free: try to open a connection of your own.
        case capacity
    }

    public init(
        configuration: PostgresConfiguration,
        maxConnections: Int = 10,
        acquireTimeout: Duration? = .seconds(10),
        logger: Logger = Logger(label: "postgres.pool")
    ) {
        precondition(maxConnections > 0)
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: maxConnections)
        threadPool.start()
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    @discardableResult
    public nonisolated func withConnection<T>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await lease()
        do {
            let value = try await body(connection)
            await giveBack(connection)
            return value
        } catch {
            await giveBack(connection)
            throw error
        }
    }

    /// What the pool holds now, for metrics and tests.
    public var statistics: Statistics {
        Statistics(open: open, idle: idle.count, waiting: waiters.count)
    }

    public struct Statistics: Sendable, Equatable {
        public var open: Int
        public var idle: Int
        public var waiting: Int
        public var inUse: Int { open - idle }
    }

    /// Closes idle connections and refuses new requests; lent ones close as they come back.
    public func close() async {
        isClosed = true
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError(kind: .poolClosed)) }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        open -= connections.count
        for connection in connections { connection.close() }
        if open == 0 { try? await threadPool.shutdownGracefully() }
    }

    // MARK: Lending

    private func lease() async throws -> PostgresConnection {
        while true {
            guard !isClosed else { throw PostgresError(kind: .poolClosed) }
            if let connection = idle.popLast() { return connection }
            if open < maxConnections {
                open += 1
                do {
                    return try await PostgresConnection.connect(
                        configuration: configuration, threadPool: threadPool, logger: logger)
                } catch {
                    open -= 1
                    wakeOneWaiter(with: .capacity)
                    throw error
                }
            }
            switch try await waitInLine() {
            case .connection(let connection): return connection
            case .capacity: continue
            }
        }
    }

    private func waitInLine() async throws -> Handoff {
        nextWaiterID += 1
        let id = nextWaiterID
        let timeout = acquireTimeout.map { limit in
            Task { [weak self] in
                try await Task.sleep(for: limit)
                await self?.failWaiter(id, with: PostgresError(kind: .poolTimeout, context: "waited \(limit)"))
            }
        }
        defer { timeout?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.failWaiter(id, with: CancellationError()) }
        }
    }

    private func failWaiter(_ id: Int, with error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    private func wakeOneWaiter(with handoff: Handoff) {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume(returning: handoff)
    }

    private func giveBack(_ connection: PostgresConnection) {
        if !isClosed, connection.isReusable {
            if waiters.isEmpty {
                idle.append(connection)
            } else {
                waiters.removeFirst().continuation.resume(returning: .connection(connection))
            }
            return
        }
        logger.debug("discarding a database connection", metadata: ["reusable": "\(connection.isReusable)"])
        connection.close()
        open -= 1
        if isClosed {
            if open == 0 { Task { try? await threadPool.shutdownGracefully() } }
        } else {
            wakeOneWaiter(with: .capacity)
        }
    }
}
