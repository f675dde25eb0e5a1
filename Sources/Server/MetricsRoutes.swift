import CoreMetrics
import Hummingbird
import NIOCore
import Postgres
import Prometheus
import Store

/// `/metrics`: everything the registry holds, in Prometheus' text format, with the database
/// pool's gauges read at the moment of the scrape.
///
/// It asks for no credentials, like `/health`: it shows counts, route patterns and SQLSTATE
/// codes, never data, but it does show how the installation is used, so it is for the
/// monitoring network only. The server listens on the configured `HOST` (127.0.0.1 unless
/// set); a reverse proxy in front must not pass `/metrics` on from the internet.
struct MetricsRoutes: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: any MetricsFactory
    let database: Database

    static let inUseMetric = "samverkan_db_pool_connections_in_use"
    static let idleMetric = "samverkan_db_pool_connections_idle"
    static let waitingMetric = "samverkan_db_pool_waiting_tasks"
    static let maxMetric = "samverkan_db_pool_connections_max"

    func register(on router: Router<AppRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            await recordPool()
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Gauges are set when scraped: the pool's snapshot is a few integers, and setting them on
    /// every lease and return would cost every request for nobody's benefit between scrapes.
    private func recordPool() async {
        let statistics = await database.pool.statistics
        CoreMetrics.Gauge(label: Self.inUseMetric, factory: factory).record(statistics.inUse)
        CoreMetrics.Gauge(label: Self.idleMetric, factory: factory).record(statistics.idle)
        CoreMetrics.Gauge(label: Self.waitingMetric, factory: factory).record(statistics.waiting)
        CoreMetrics.Gauge(label: Self.maxMetric, factory: factory).record(database.pool.maxConnections)
    }
}
