import ArgumentParser
@testable import samverkan
import Store
import Testing

@Suite struct CommandParsingTests {
    @Test func serveTakesHostAndPort() throws {
        let command = try #require(try Samverkan.parseAsRoot(["serve", "--host", "0.0.0.0", "--port", "9090"]) as? ServeCommand)
        let address = try command.http.resolved(environment: ["HOST": "10.0.0.1", "PORT": "1"])
        #expect(address.host == "0.0.0.0")
        #expect(address.port == 9090)
    }

    @Test func hostAndPortFallBackToTheEnvironment() throws {
        let command = try #require(try Samverkan.parseAsRoot(["demo"]) as? DemoCommand)
        let fromEnvironment = try command.http.resolved(environment: ["HOST": "127.0.0.2", "PORT": "9191"])
        #expect(fromEnvironment.host == "127.0.0.2" && fromEnvironment.port == 9191)
        let defaults = try command.http.resolved(environment: [:])
        #expect(defaults.host == "127.0.0.1" && defaults.port == 8080)
        #expect(throws: CLIError.self) { try command.http.resolved(environment: ["PORT": "eighty"]) }
    }

    @Test func badOptionsAreRefusedWithAMessage() {
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["serve", "--port", "70000"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["serve", "--pool-size", "0"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["migrate", "--no-such-flag"]) }
        let message = Samverkan.message(for: ValidationError("--port must be between 0 and 65535"))
        #expect(message.contains("--port"))
    }

    @Test func ocdsExportNamesTheOfficeAndWhereThePackageIsPublished() throws {
        let command = try #require(try Samverkan.parseAsRoot(["ocds", "export", "--office", "ocds-a1b2c3", "--pretty"]) as? OCDSCommand.Export)
        #expect(command.office == "ocds-a1b2c3")
        #expect(command.pretty)
        #expect(try command.siteRoot(environment: [:]) == "http://127.0.0.1:8080")
        #expect(try command.siteRoot(environment: ["SAMVERKAN_PUBLIC_URL": "https://samverkan.example/"]) == "https://samverkan.example")
        #expect(throws: CLIError.self) { try command.siteRoot(environment: ["SAMVERKAN_PUBLIC_URL": "samverkan.example"]) }
        let explicit = try #require(try Samverkan.parseAsRoot(["ocds", "export", "--office", "jamtland", "--base-url", "https://upphandling.example"]) as? OCDSCommand.Export)
        #expect(try explicit.siteRoot(environment: ["SAMVERKAN_PUBLIC_URL": "https://ignored.example"]) == "https://upphandling.example")
        #expect(!explicit.pretty)
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["ocds", "export"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["ocds", "export", "--office", "jamtland", "--base-url", "ftp://x.example"]) }
    }

    @Test func theOCIDPrefixIsTheRegistrysForm() throws {
        let set = try #require(try Samverkan.parseAsRoot(["office", "ocid-prefix", "--office", "jamtland", "ocds-a1b2c3"]) as? OfficeCommand.OCIDPrefix)
        #expect(set.prefix == "ocds-a1b2c3" && !set.clear)
        let clear = try #require(try Samverkan.parseAsRoot(["office", "ocid-prefix", "--office", "jamtland", "--clear"]) as? OfficeCommand.OCIDPrefix)
        #expect(clear.prefix == nil && clear.clear)
        for arguments in [["OCDS-A1B2C3"], ["ocds-a1b2c"], ["ocds-a1b2c3d"], ["a1b2c3"], [], ["ocds-a1b2c3", "--clear"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try Samverkan.parseAsRoot(["office", "ocid-prefix", "--office", "jamtland"] + arguments) }
        }
    }

    @Test func migrateHasADryRun() throws {
        let command = try #require(try Samverkan.parseAsRoot(["migrate", "--dry-run"]) as? MigrateCommand)
        #expect(command.dryRun)
    }

    @Test func theDatabaseIsTheEnvironmentsOrThePrivateCluster() throws {
        let command = try #require(try Samverkan.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(command.database.target(environment: [:]) == .local(directory: ".samverkan/postgres"))
        #expect(command.database.target(environment: ["SAMVERKAN_CLUSTER_DIR": "/srv/pg"]) == .local(directory: "/srv/pg"))
        #expect(command.database.target(environment: ["DATABASE_URL": "postgresql://app@db/s"])
            == .external(application: "postgresql://app@db/s", owner: "postgresql://app@db/s"))
        #expect(command.database.target(environment: ["DATABASE_URL": "postgresql://app@db/s", "OWNER_DATABASE_URL": "postgresql://owner@db/s"])
            == .external(application: "postgresql://app@db/s", owner: "postgresql://owner@db/s"))
        #expect(command.database.target(environment: ["PGHOST": "db.internal"]) == .external(application: "", owner: ""))
        let explicit = try #require(try Samverkan.parseAsRoot(["serve", "--database-url", "host=/run/pg dbname=s"]) as? ServeCommand)
        #expect(explicit.database.target(environment: ["DATABASE_URL": "ignored"]) == .external(application: "host=/run/pg dbname=s", owner: "host=/run/pg dbname=s"))
    }

    @Test func theStatementTimeoutComesFromTheOptionTheEnvironmentOrTenSeconds() throws {
        let command = try #require(try Samverkan.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(try command.database.statementTimeout(environment: [:]) == .seconds(10))
        #expect(try command.database.statementTimeout(environment: ["SAMVERKAN_STATEMENT_TIMEOUT_MS": "2500"]) == .milliseconds(2500))
        #expect(try command.database.statementTimeout(environment: ["SAMVERKAN_STATEMENT_TIMEOUT_MS": "0"]) == .zero)
        #expect(throws: CLIError.self) { try command.database.statementTimeout(environment: ["SAMVERKAN_STATEMENT_TIMEOUT_MS": "10s"]) }
        #expect(throws: CLIError.self) { try command.database.statementTimeout(environment: ["SAMVERKAN_STATEMENT_TIMEOUT_MS": "-1"]) }
        let explicit = try #require(try Samverkan.parseAsRoot(["serve", "--statement-timeout-ms", "750"]) as? ServeCommand)
        #expect(try explicit.database.statementTimeout(environment: ["SAMVERKAN_STATEMENT_TIMEOUT_MS": "2500"]) == .milliseconds(750))
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["serve", "--statement-timeout-ms", "-5"]) }
    }

    @Test func thePoolWaitComesFromTheOptionTheEnvironmentOrTenSeconds() throws {
        let command = try #require(try Samverkan.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(try command.database.poolWait(environment: [:]) == .seconds(10))
        #expect(try command.database.poolWait(environment: ["SAMVERKAN_POOL_WAIT_MS": "1500"]) == .milliseconds(1500))
        #expect(try command.database.poolWait(environment: ["SAMVERKAN_POOL_WAIT_MS": "0"]) == .zero)
        #expect(throws: CLIError.self) { try command.database.poolWait(environment: ["SAMVERKAN_POOL_WAIT_MS": "2s"]) }
        #expect(throws: CLIError.self) { try command.database.poolWait(environment: ["SAMVERKAN_POOL_WAIT_MS": "-1"]) }
        let explicit = try #require(try Samverkan.parseAsRoot(["demo", "--pool-wait-ms", "250"]) as? DemoCommand)
        #expect(try explicit.database.poolWait(environment: ["SAMVERKAN_POOL_WAIT_MS": "1500"]) == .milliseconds(250))
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["serve", "--pool-wait-ms", "-5"]) }
    }

    @Test func theLogFormatIsTextUnlessJSONIsAskedFor() {
        #expect(Log.Format(environment: [:]) == .text)
        #expect(Log.Format(environment: ["LOG_FORMAT": "json"]) == .json)
        #expect(Log.Format(environment: ["LOG_FORMAT": "JSON"]) == .json)
        #expect(Log.Format(environment: ["LOG_FORMAT": "text"]) == .text)
        #expect(Log.Format(environment: ["LOG_FORMAT": "yaml"]) == .unknown("yaml"))
    }

    @Test func benchGenerateTakesScaleAndSeed() throws {
        let command = try #require(try Samverkan.parseAsRoot(["bench", "generate", "--scale", "national", "--seed", "7"]) as? BenchCommand.Generate)
        #expect(command.scale == .national)
        #expect(command.seed == 7)
        let defaults = try #require(try Samverkan.parseAsRoot(["bench", "generate"]) as? BenchCommand.Generate)
        #expect(defaults.scale == .small)
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "generate", "--scale", "galactic"]) }
    }

    @Test func benchRunTakesDurationConnectionsAndJSON() throws {
        let command = try #require(try Samverkan.parseAsRoot([
            "bench", "run", "--json", "figures.json", "--duration", "5", "--connections", "8",
        ]) as? BenchCommand.Run)
        #expect(command.json == "figures.json")
        #expect(command.duration == 5 && command.connections == 8)
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "run", "--duration", "0"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "run", "--connections", "0"]) }
    }

    @Test func benchImportTakesLinesSeedRoundsAndJSON() throws {
        let command = try #require(try Samverkan.parseAsRoot([
            "bench", "import", "--lines", "2000", "--seed", "9", "--rounds", "1", "--json", "import.json",
            "--cluster-directory", ".samverkan/bench",
        ]) as? BenchCommand.Import)
        #expect(command.lines == 2_000 && command.seed == 9 && command.rounds == 1)
        #expect(command.json == "import.json")
        #expect(command.database.clusterDirectory == ".samverkan/bench")
        let defaults = try #require(try Samverkan.parseAsRoot(["bench", "import"]) as? BenchCommand.Import)
        #expect(defaults.lines == 1_000_000 && defaults.rounds == 2 && defaults.json == nil)
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "import", "--lines", "0"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "import", "--rounds", "11"]) }
    }

    @Test func benchComplianceTakesMembersLinesAndRuns() throws {
        let command = try #require(try Samverkan.parseAsRoot([
            "bench", "compliance", "--lines-per-member", "5000", "--members", "3", "--per-office", "2", "--runs", "5", "--json", "c.json",
            "--bypass-database-url", "postgresql:///samverkan?user=postgres",
        ]) as? BenchCommand.Compliance)
        #expect(command.linesPerMember == 5_000 && command.members == 3 && command.perOffice == 2 && command.runs == 5)
        #expect(command.json == "c.json" && command.bypassDatabaseURL == "postgresql:///samverkan?user=postgres")
        let defaults = try #require(try Samverkan.parseAsRoot(["bench", "compliance"]) as? BenchCommand.Compliance)
        #expect(defaults.runs == 20 && defaults.members >= 1 && defaults.linesPerMember >= 1 && defaults.perOffice == nil)
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "compliance", "--per-office", "0"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "compliance", "--members", "0"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["bench", "compliance", "--runs", "0"]) }
    }

    @Test func benchFiguresAreReadFromWrkOutput() {
        let output = """
              Latency     2.10ms    1.00ms  30.00ms   90.00%
              Latency Distribution
                 50%    1.50ms
                 99%  850.00us
            Requests/sec:   4567.89
            """
        #expect(BenchTools.number(after: "Requests/sec:", in: output) == 4567.89)
        #expect(BenchTools.latency(percentile: "50%", in: output) == 1.5)
        #expect(BenchTools.latency(percentile: "99%", in: output) == 0.85)
        #expect(BenchTools.latency(percentile: "Latency", in: output) == 2.1)
    }
}
