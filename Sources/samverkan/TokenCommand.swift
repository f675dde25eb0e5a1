import ArgumentParser
import Authentication
import Foundation
import Procurement
import Store

/// `samverkan token …`: API tokens for integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token acting in one of a user's roles; prints the secret once.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var email: String
        @Option(help: "What the token is for.") var name: String
        @Option(help: "The role it acts in (needed when the user has several).") var role: Role?
        @Option(name: .customLong("org"), help: "The member organisation of that role.") var organisation: String?
        @Option(name: .customLong("valid-days"), help: "Days until it expires.") var validDays: Int = 365

        func validate() throws {
            guard (1...730).contains(validDays) else { throw ValidationError("--valid-days must be from 1 to 730") }
            guard (1...100).contains(name.trimmingCharacters(in: .whitespaces).count) else { throw ValidationError("--name must be 1 to 100 characters") }
        }

        func run() async throws {
            let token = SecretToken.generate(prefix: "svt_")
            try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    guard let address = EmailAddress(email), let user = try await transaction.user(email: address) else {
                        throw CLIError("no user \(email) in \(office.slug)")
                    }
                    var organisationID: UUID?
                    if let organisation { organisationID = try await store.organisation(named: organisation, in: transaction).id }
                    let candidates = try await transaction.roleAssignments(ofUser: user.id).filter {
                        (role == nil || $0.role == role) && (organisation == nil || $0.organisationID == organisationID)
                    }
                    guard candidates.count == 1, let chosen = candidates.first else {
                        throw CLIError(candidates.isEmpty ? "\(email) has no such role" : "\(email) has several roles: choose one with --role (and --org)")
                    }
                    try await transaction.insertAPIToken(
                        id: UUID(), userID: user.id, roleID: chosen.id, name: name.trimmingCharacters(in: .whitespaces),
                        tokenHash: token.hash, expiresAt: Date().addingTimeInterval(Double(validDays) * 86_400))
                }
            }
            print(token.value)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an office's API tokens (never their secrets).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption

        func run() async throws {
            let (tokens, users) = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id), readOnly: true) { transaction in
                    (try await transaction.apiTokens(), try await transaction.users())
                }
            }
            let emails = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.email.normalized) })
            for token in tokens {
                print([token.id.uuidString.lowercased(), emails[token.userID] ?? "?", token.name,
                       token.revokedAt != nil ? "revoked" : token.isLive ? "live" : "not valid"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token at once.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var id: String

        func run() async throws {
            guard let id = UUID(uuidString: id) else { throw CLIError("--id must be a token id (see `samverkan token list`)") }
            let revoked = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id)) { try await $0.revokeAPIToken(id: id) }
            }
            guard revoked else { throw CLIError("no live token \(id) in this office") }
            print("revoked \(id.uuidString.lowercased())")
        }
    }
}

/// `samverkan audit verify`: checks the audit chain of one or every office.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every event's hash and follow the chain; names the first break and exits 1 if there is one.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "One office, by slug or id (default: every office).") var office: String?

        func run() async throws {
            let results = try await database.withStore { store in
                var offices = try await store.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
                if let office { offices = [try await store.office(named: office)] }
                var results: [(String, AuditVerification)] = []
                for office in offices {
                    results.append((office.slug, try await store.transaction(as: .system(of: office.id), readOnly: true) {
                        try await $0.verifyAuditChain()
                    }))
                }
                return results
            }
            for (slug, result) in results { print("\(slug): \(result.description)") }
            if results.contains(where: { !$0.1.isIntact }) { throw ExitCode.failure }
        }
    }
}
