import Hummingbird
import Logging
import NIOCore
import Foundation
import Procurement
import Store

/// The request context every route sees: the framework's storage, the peer's address and,
/// once `AuthenticationMiddleware` has run, who is signed in.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Who presented a live session cookie or API token; nil for a visitor.
    public var signedIn: Authenticated?
    /// The session cookie's secret, from which the form's CSRF token is derived.
    var sessionSecret: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies larger than this are refused with 413 before they are read.
    public var maxUploadSize: Int { Self.uploadLimit }
    /// 1 MiB: a form or an API call of the platform is a few kilobytes.
    public static let uploadLimit = 1024 * 1024
}

extension AppRequestContext {
    /// The signed-in user, or 401.
    func requireSignedIn() throws -> Authenticated {
        guard let signedIn else { throw AppError.unauthenticated }
        return signedIn
    }

    /// The signed-in user acting in one of `roles`, or 401/403.
    func require(_ roles: Set<Role>) throws -> Authenticated {
        let signedIn = try requireSignedIn()
        guard let role = signedIn.activeRole?.role, roles.contains(role) else { throw AppError.forbidden }
        return signedIn
    }

    /// The peer's address for throttling; nil on a Unix socket.
    var clientAddress: String? { remoteAddress?.ipAddress }
}

extension AppRequestContext {
    /// A path parameter that must be a UUID; anything else names nothing, so 404.
    func uuid(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw AppError.notFound("\(name) \(parameters.get(name) ?? "")")
        }
        return id
    }
}
