import Hummingbird
import Logging
import Store

/// Builds the HTTP application: routes, middleware, error mapping. The program and the tests
/// call this same function.
public func buildApplication(
    configuration: ServerConfiguration,
    database: Database,
    logger: Logger = Logger(label: "samverkan")
) async throws -> some ApplicationProtocol {
    let pages = try await Pages.load()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: AuthenticationMiddleware(database: database))
    router.add(middleware: ErrorMiddleware(pages: pages, database: database))
    router.add(middleware: CSRFMiddleware())
    HealthRoutes(database: database, configuration: configuration).register(on: router)
    OfficeRoutes(database: database, pages: pages).register(on: router)
    SessionRoutes(database: database, pages: pages, configuration: configuration).register(on: router)
    StartRoutes(database: database, pages: pages, configuration: configuration).register(on: router)
    AccountPages(database: database, pages: pages, configuration: configuration).register(on: router)
    AdminPages(database: database, pages: pages, configuration: configuration).register(on: router)
    PlanPages(database: database, pages: pages, configuration: configuration).register(on: router)
    NeedsPages(database: database, pages: pages, configuration: configuration).register(on: router)
    PoolingPages(database: database, pages: pages, configuration: configuration).register(on: router)
    DirectPurchasePages(database: database, pages: pages, configuration: configuration).register(on: router)
    ReferencePages(database: database, pages: pages, configuration: configuration).register(on: router)
    AccessAPI(database: database, configuration: configuration).register(on: router)
    PoolingAPI(database: database, configuration: configuration).register(on: router)
    CommitteeAPI(database: database, configuration: configuration).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "samverkan"),
        logger: logger
    )
}
