import Hummingbird
import Logging
import Prometheus
import Store

/// Builds the HTTP application: routes, middleware, error mapping. The program and the tests
/// call this same function.
///
/// `metrics` is the registry `/metrics` shows and the application counts into. The program
/// passes the one it bootstrapped swift-metrics with, so that what libraries count lands
/// there too; a test passes its own and reads it, untouched by other tests running alongside.
public func buildApplication(
    configuration: ServerConfiguration,
    database: Database,
    logger: Logger = Logger(label: "samverkan"),
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) async throws -> some ApplicationProtocol {
    Application(
        router: try await buildRouter(configuration: configuration, database: database, metrics: metrics),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "samverkan"),
        logger: logger
    )
}

/// The router `buildApplication` serves: every route and middleware. Public so that a test can
/// list its routes (`Router.routes`) against the OpenAPI description without serving it.
public func buildRouter(
    configuration: ServerConfiguration,
    database: Database,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) async throws -> Router<AppRequestContext> {
    let factory = PrometheusMetricsFactory(registry: metrics)
    let database = database.reportingMetrics(to: factory)
    let pages = try await Pages.load()
    let router = Router(context: AppRequestContext.self)
    // Outermost first: the request id wraps everything that logs; the access log and the
    // metrics see the status the error middleware made of any error.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(factory: factory))
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: AuthenticationMiddleware(database: database))
    router.add(middleware: ErrorMiddleware(pages: pages, database: database))
    router.add(middleware: CSRFMiddleware())
    HealthRoutes(database: database, configuration: configuration).register(on: router)
    MetricsRoutes(registry: metrics, factory: factory, database: database).register(on: router)
    OfficeRoutes(database: database, pages: pages).register(on: router)
    OpenContractingRoutes(database: database, configuration: configuration).register(on: router)
    SessionRoutes(database: database, pages: pages, configuration: configuration).register(on: router)
    StartRoutes(database: database, pages: pages, configuration: configuration).register(on: router)
    AccountPages(database: database, pages: pages, configuration: configuration).register(on: router)
    AdminPages(database: database, pages: pages, configuration: configuration).register(on: router)
    PlanPages(database: database, pages: pages, configuration: configuration).register(on: router)
    CommitteePages(database: database, pages: pages, configuration: configuration).register(on: router)
    CommitteeSeatPages(database: database, pages: pages, configuration: configuration).register(on: router)
    AssignmentPages(database: database, pages: pages, configuration: configuration).register(on: router)
    NeedsPages(database: database, pages: pages, configuration: configuration).register(on: router)
    PoolingPages(database: database, pages: pages, configuration: configuration).register(on: router)
    DirectPurchasePages(database: database, pages: pages, configuration: configuration).register(on: router)
    TenderPages(database: database, pages: pages, configuration: configuration).register(on: router)
    ContractPages(database: database, pages: pages, configuration: configuration).register(on: router)
    SpendPages(database: database, pages: pages, configuration: configuration).register(on: router)
    ReferencePages(database: database, pages: pages, configuration: configuration).register(on: router)
    SupplierPages(database: database, pages: pages, configuration: configuration).register(on: router)
    SpendAccountPages(database: database, pages: pages, configuration: configuration).register(on: router)
    AccessAPI(database: database, configuration: configuration).register(on: router)
    PoolingAPI(database: database, configuration: configuration).register(on: router)
    CommitteeAPI(database: database, configuration: configuration).register(on: router)
    TenderAPI(database: database, configuration: configuration).register(on: router)
    ContractAPI(database: database, configuration: configuration).register(on: router)
    SpendAPI(database: database, configuration: configuration).register(on: router)
    SupplierAPI(database: database, configuration: configuration).register(on: router)
    try OpenAPIRoutes.load().register(on: router)
    return router
}
