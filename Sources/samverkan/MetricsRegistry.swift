import Metrics
import Prometheus

/// The process's one metrics registry, which `/metrics` shows.
///
/// swift-metrics' global system can be bootstrapped once per process, so it is done here, in
/// the program, never in library code: the first use of `shared` bootstraps it with this
/// registry, so that anything a library counts through the global system is shown too.
enum MetricsRegistry {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
