import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import SpendFiles
import Store
import Testing
import TestSupport

/// The OpenAPI description served at `/api/v1/openapi.json` stays true: it names exactly the
/// routes the router has, its enumerations are the Swift ones, it is valid OpenAPI 3.1, and
/// real answers of the demo data, to several roles, match the schemas it declares for them.
@Suite struct OpenAPITests {
    /// Besides `/api/v1`, the routes the description covers. The pages, `/metrics` (for the
    /// monitoring network) and the sign-in forms are not part of the JSON API.
    static let describedOutsideAPI: Set<String> = ["/health", "/ready", "/version"]

    static func isDescribed(_ path: String) -> Bool {
        path.hasPrefix("/api/v1/") || describedOutsideAPI.contains(path)
    }

    @Test func theDescriptionNamesEveryRouteAndNoOther() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            let router = try await buildRouter(
                configuration: ServerConfiguration(expectedSchemaVersion: latestSchemaVersion, passwordHasher: .forTests),
                database: store)
            let routed = Set(router.routes.filter { Self.isDescribed($0.path.description) }.map { "\($0.method.rawValue) \($0.path)" })
            let document = try await Application(router: router).test(.router) { client in
                try await OpenAPIDocument.fetch(client)
            }
            let described = Set(document.operations.map { "\($0.method.uppercased()) \($0.path)" })
            #expect(routed.count > 80, "the router's routes were not listed: \(routed.sorted())")
            #expect(routed.subtracting(described).sorted() == [], "routes the description lacks")
            #expect(described.subtracting(routed).sorted() == [], "described routes the router does not have")
        }
    }

    /// Each enumeration in the description lists the values the Swift type encodes and decodes.
    @Test func theDescribedEnumerationsAreTheSwiftOnes() throws {
        let document = try OpenAPIDocument.fromSources()
        func values<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> [String] where T.RawValue == String {
            type.allCases.map(\.rawValue)
        }
        let swift: [String: [String]] = [
            "Role": values(Role.self), "OrganisationKind": values(OrganisationKind.self), "ContractType": values(ContractType.self),
            "ProcurementLaw": values(ProcurementLaw.self), "ThresholdKind": values(ThresholdKind.self),
            "BuyerCategory": values(BuyerCategory.self), "PlanDecision": values(PlanDecision.self), "NeedStatus": values(NeedStatus.self),
            "ParticipationStatus": values(ParticipationStatus.self), "CostBasis": values(CostBasis.self),
            "Procedure": values(Procedure.self), "AssignmentStatus": values(AssignmentStatus.self), "Ballot": values(Ballot.self),
            "DecisionOutcome": values(DecisionOutcome.self), "TenderProcedure": values(TenderProcedure.self),
            "TenderStage": values(TenderStage.self), "TenderDocumentKind": values(TenderDocumentKind.self),
            "OptionDecision": values(OptionDecision.self), "CallOffMethod": values(CallOffMethod.self),
            "ContractStatus": values(ContractStatus.self), "SupplierCheckKind": values(SupplierCheckKind.self),
            "SupplierCheckResult": values(SupplierCheckResult.self), "SpendFileFormat": values(SpendFileFormat.self),
        ]
        for (name, cases) in swift {
            #expect(document.enums[name] == cases, "\(name): the description's values differ from the Swift type's")
        }
        // Not CaseIterable: every described value must at least be one the type reads.
        for value in document.enums["VoteQuestion"] ?? [] { #expect(VoteQuestion(rawValue: value) != nil, "VoteQuestion \(value)") }
        for value in document.enums["MeetingKind"] ?? [] { #expect(Meeting.Kind(rawValue: value) != nil, "MeetingKind \(value)") }
        for value in document.enums["Presiding"] ?? [] {
            #expect(CommitteeMandate.Presiding(rawValue: value) != nil, "Presiding \(value)")
        }
        #expect(Set(document.enums.keys).isSuperset(of: ["VoteQuestion", "MeetingKind", "Presiding"]))
    }

    /// Real answers, as demo people in several roles read the demo data (every list, each item
    /// of the lists by its id, a missing item, a refused write, no credentials), validated by
    /// Python's `jsonschema` against the schema the description declares for that operation
    /// and status; `openapi-spec-validator` checks the description itself first.
    @Test func realAnswersMatchTheirDeclaredSchemas() async throws {
        let python = try #require(ExternalProgram.find("python3"), "python3 is needed: run Deploy/install-dependencies --for-tests")
        try await APIFixture.withApp(today: .today) { fixture in
            let document = try await OpenAPIDocument.fetch(fixture.client)
            var samples: [Sample] = []
            let people: [(String, Role?)] = [
                ("admin@jamtland.example", .administrator), ("upphandlare@jamtland.example", .procurer),
                ("controller@jamtland.example", .controller), ("ordforande@jamtland.example", .committeeChair),
                ("krokom@jamtland.example", .coordinator), ("krokom@jamtland.example", .committeeMember),
                ("bestallare.are@jamtland.example", .orderer), ("lasare@jamtland.example", .viewer),
            ]
            for (email, role) in people {
                let token = try await fixture.token(email, role: role)
                samples += try await Self.readEverything(fixture.client, document, token: token)
            }
            // Errors have their one shape: no credentials, a bad token, a refused and an unreadable write.
            samples.append(try await Sample.call(fixture.client, .get, "/api/v1/me", template: "/api/v1/me", token: nil))
            samples.append(try await Sample.call(fixture.client, .get, "/api/v1/me", template: "/api/v1/me", token: "svt_nonsense"))
            let coordinator = try await fixture.token("krokom@jamtland.example", role: .coordinator)
            samples.append(try await Sample.call(fixture.client, .post, "/api/v1/tenders", template: "/api/v1/tenders", token: coordinator, body: "{}"))
            let procurer = try await fixture.token("upphandlare@jamtland.example")
            samples.append(try await Sample.call(fixture.client, .post, "/api/v1/tenders", template: "/api/v1/tenders", token: procurer, body: "{"))
            samples.append(try await Sample.call(fixture.client, .post, "/api/v1/suppliers", template: "/api/v1/suppliers", token: procurer,
                                                 body: #"{"name": "<b>Leverantör</b>'; DROP TABLE suppliers; --", "organisationNumber": "5560000001"}"#))
            samples += try await Self.spendAnswers(fixture, coordinator: coordinator)
            #expect(samples.count > 200, "too few answers to say much: \(samples.count)")
            #expect(samples.filter { $0.status >= 500 }.map(\.summary) == [])

            let result = try await Self.validate(samples, document: document, python: python)
            #expect(result.status == 0, "answers that do not match the description:\n\(result.output)")
            #expect(result.output.contains("\(samples.count) answers checked"), "the validator did not read every answer:\n\(result.output)")
        }
    }

    /// Spend as the lists alone do not show it: one member's figures and another's (for a
    /// coordinator: none), the leakage list, an import's summary (new and repeated), a refused
    /// file with its place in `details`, a call-off and one past the framework's maximum.
    static func spendAnswers(_ fixture: APIFixture, coordinator: String) async throws -> [Sample] {
        let krokom = DemoData.id("org/jamtland/2309").uuidString, are = DemoData.id("org/jamtland/2321").uuidString
        var samples: [Sample] = []
        let controller = try await fixture.token("controller@jamtland.example", role: .controller)
        let chair = try await fixture.token("ordforande@jamtland.example", role: .committeeChair)
        for token in [controller, coordinator, chair] {
            for (template, query) in [
                ("/api/v1/spend/compliance", "?organisation=\(krokom)&from=2025-01-01&to=2025-12-31"),
                ("/api/v1/spend/compliance", "?organisation=\(are)"),
                ("/api/v1/spend/suppliers", "?organisation=\(krokom)&leakage=true&limit=5"),
                ("/api/v1/spend/imports", "?organisation=\(are)"),
                ("/api/v1/spend/compliance", "?from=2026-01-01&to=2025-01-01"),
            ] {
                samples.append(try await Sample.call(fixture.client, .get, template + query, template: template, token: token))
            }
        }
        let fuel = DemoData.organisationNumber(group: 5, serial: 501).formatted
        let csv = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"
            + "\(fuel);Fjällbränsle AB;OA-1;2025-05-10;1 000,00;5611\n"
        let form = MultipartBody(fields: ["organisation": DemoData.id("org/jamtland/2361").uuidString], files: [("reskontra.csv", Array(csv.utf8))])
        let bad = MultipartBody(fields: [:], files: [("dalig.csv", Array((csv + "\(fuel);Fjällbränsle AB;OA-2;2025-05-11;tolv;5611\n").utf8))])
        for (body, token) in [(form, controller), (form, controller), (bad, coordinator)] {
            samples.append(try await Sample.call(fixture.client, .post, "/api/v1/spend/imports", template: "/api/v1/spend/imports",
                                                 token: token, multipart: body))
        }
        samples.append(try await Sample.call(fixture.client, .post, "/api/v1/spend/imports", template: "/api/v1/spend/imports", token: controller, body: "{}"))
        let orderer = try await fixture.token("bestallare.are@jamtland.example", role: .orderer)
        let callOffs = "/api/v1/contracts/\(DemoData.id("contract/jamtland/drivmedel-2025").uuidString)/call-offs"
        for amount in ["1000", "99000000"] {
            samples.append(try await Sample.call(fixture.client, .post, callOffs, template: "/api/v1/contracts/{id}/call-offs", token: orderer,
                                                 body: #"{"amount": "\#(amount)", "description": "Tankkort"}"#))
        }
        samples.append(try await Sample.call(fixture.client, .get, callOffs, template: "/api/v1/contracts/{id}/call-offs", token: orderer))
        return samples
    }

    /// Every GET the role can make without knowing an id, then each id those lists name (up to
    /// three a list), and one id that does not exist.
    static func readEverything(_ client: some TestClientProtocol, _ document: OpenAPIDocument, token: String) async throws -> [Sample] {
        var samples: [Sample] = []
        var bodies: [String: Data] = [:]
        let gets = document.operations.filter { $0.method == "get" && $0.path != "/api/v1/openapi.json" }
        for operation in gets where !operation.path.contains("{") || operation.path.contains("{slug}") {
            let uri = operation.path.replacingOccurrences(of: "{slug}", with: "jamtland")
            let sample = try await Sample.call(client, .get, uri, template: operation.path, token: token)
            samples.append(sample)
            bodies[operation.path] = sample.body
        }
        for operation in gets where operation.path.contains("{id}") && !operation.path.contains("{slug}") {
            let list = String(operation.path[..<operation.path.range(of: "/{id}")!.lowerBound])
            let ids = bodies[list].map(Self.ids(in:)) ?? []
            for id in ids.prefix(3) + [UUID().uuidString] {
                let uri = operation.path.replacingOccurrences(of: "{id}", with: id)
                samples.append(try await Sample.call(client, .get, uri, template: operation.path, token: token))
            }
        }
        return samples
    }

    /// The ids of the objects in the first array of a list's answer (`{"tenders": [{"id": …}]}`).
    static func ids(in body: Data) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [] }
        for value in object.values {
            if let items = value as? [[String: Any]] { return items.compactMap { $0["id"] as? String } }
        }
        return []
    }

    static func validate(_ samples: [Sample], document: OpenAPIDocument, python: ExternalProgram) async throws -> ExternalProgram.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let specURL = folder.appendingPathComponent("openapi.json")
        let samplesURL = folder.appendingPathComponent("samples.jsonl")
        let scriptURL = folder.appendingPathComponent("validate.py")
        try document.data.write(to: specURL)
        let encoder = JSONEncoder()
        var lines = Data()
        for sample in samples {
            lines.append(try encoder.encode(sample))
            lines.append(0x0A)
        }
        try lines.write(to: samplesURL)
        try Data(validator.utf8).write(to: scriptURL)
        return try await python.run([scriptURL.path, specURL.path, samplesURL.path], timeout: .seconds(120))
    }

    /// Validates the description (OpenAPI 3.1) and then each answer against the schema of its
    /// operation and status (or `default`), by the schema's place in the description so that
    /// its `$ref`s resolve; formats (`uuid`, `date`, `date-time`) are checked too.
    static let validator = #"""
    import json, sys, urllib.parse
    try:
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012
        from openapi_spec_validator import validate
    except ImportError as error:
        sys.exit(f"{error}: run Deploy/install-dependencies --for-tests")

    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    validate(spec)
    base = "urn:samverkan:openapi"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(spec))
    formats = FormatChecker()

    def escape(part):
        return str(part).replace("~", "~0").replace("/", "~1")

    failures, count = [], 0
    for line in open(sys.argv[2], encoding="utf-8"):
        sample = json.loads(line)
        count += 1
        where = f'{sample["method"].upper()} {sample["uri"]} -> {sample["status"]}'
        operation = spec["paths"].get(sample["path"], {}).get(sample["method"])
        if operation is None:
            failures.append(f"{where}: no such operation in the description")
            continue
        status = str(sample["status"])
        key = status if status in operation["responses"] else "default" if "default" in operation["responses"] else None
        if key is None:
            failures.append(f"{where}: the status is not described")
            continue
        response = operation["responses"][key]
        pointer = "/" + "/".join(escape(p) for p in ["paths", sample["path"], sample["method"], "responses", key])
        if "$ref" in response:
            pointer = response["$ref"][1:]
            response = spec
            for part in pointer.split("/")[1:]:
                response = response[part.replace("~1", "/").replace("~0", "~")]
        content = response.get("content")
        body = sample["body"]
        if not content:
            if body:
                failures.append(f"{where}: a body where the description has none")
            continue
        media = sample["contentType"].split(";")[0].strip()
        if media not in content:
            failures.append(f"{where}: {media!r} is not described (only {sorted(content)})")
            continue
        if media != "application/json":
            continue
        try:
            value = json.loads(body)
        except ValueError:
            failures.append(f"{where}: not JSON")
            continue
        ref = base + "#" + urllib.parse.quote(pointer + "/content/" + escape(media) + "/schema", safe="/~")
        validator = Draft202012Validator({"$ref": ref}, registry=registry, format_checker=formats)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        for error in errors[:3]:
            place = "/".join(str(p) for p in error.absolute_path) or "(the body)"
            failures.append(f"{where}: at {place}: {error.message[:300]}")
    print(f"{count} answers checked, {len(failures)} problems")
    for failure in failures[:60]:
        print(failure)
    sys.exit(1 if failures else 0)
    """#
}

/// One answer of the server: which operation, what came back.
struct Sample: Codable, Sendable {
    var method: String
    var path: String
    var uri: String
    var status: Int
    var contentType: String
    /// The body as text (the validator parses it); JSON answers are UTF-8.
    var bodyText: String
    var body: Data { Data(bodyText.utf8) }
    var summary: String { "\(method.uppercased()) \(uri) -> \(status): \(bodyText.prefix(200))" }

    enum CodingKeys: String, CodingKey {
        case method, path, uri, status, contentType
        case bodyText = "body"
    }

    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, template: String, token: String?,
        body: String? = nil, multipart: MultipartBody? = nil
    ) async throws -> Sample {
        var headers: HTTPFields = [.accept: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        var buffer = body.map { ByteBuffer(string: $0) }
        if let multipart {
            headers[.contentType] = multipart.contentType
            buffer = ByteBuffer(bytes: multipart.bytes)
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            Sample(
                method: method.rawValue.lowercased(), path: template, uri: uri, status: response.status.code,
                contentType: response.headers[.contentType] ?? "", bodyText: String(buffer: response.body))
        }
    }
}

/// The parts of the OpenAPI description the tests compare with the code.
struct OpenAPIDocument: Sendable {
    struct Operation: Sendable, Hashable {
        var method: String
        var path: String
    }

    let data: Data
    let operations: [Operation]
    /// The string enumerations among the component schemas, by name.
    let enums: [String: [String]]

    init(_ data: Data) throws {
        self.data = data
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["openapi"] as? String == "3.1.0")
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        operations = paths.flatMap { path, item in item.keys.filter(methods.contains).map { Operation(method: $0, path: path) } }
        let schemas = ((root["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]) ?? [:]
        enums = schemas.compactMapValues { $0["enum"] as? [String] }
    }

    /// As the server serves it, without credentials.
    static func fetch(_ client: some TestClientProtocol) async throws -> OpenAPIDocument {
        try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            return try OpenAPIDocument(Data(buffer: response.body))
        }
    }

    /// The resource file in the checkout, for the tests that need no server.
    static func fromSources() throws -> OpenAPIDocument {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try OpenAPIDocument(try Data(contentsOf: root.appendingPathComponent("Sources/Server/OpenAPI/openapi.json")))
    }
}
