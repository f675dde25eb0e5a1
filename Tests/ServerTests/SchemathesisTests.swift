import Foundation
import HTTPTypes
import HummingbirdTesting
import Postgres
import Procurement
import Server
import Store
import Testing
import TestSupport

/// Generated input against the real server: schemathesis reads the served OpenAPI description
/// and sends what it describes and what it does not (wrong types, missing fields, invalid
/// dates, negative amounts, long and odd text, SQL and HTML in text fields), as demo people
/// with real API tokens. No answer may be a server error (5xx), and every answer must match
/// the schema the description declares for it.
///
/// Bounded in examples and time so that it takes a few minutes on a small machine. Set
/// `SAMVERKAN_SKIP_SCHEMATHESIS=1` to leave it out deliberately; `SCHEMATHESIS` names the
/// program when it is not on `PATH`. A failure prints schemathesis' report, with a `curl` line
/// that reproduces each problem (the seed makes the run repeatable: `SCHEMATHESIS_SEED`).
@Suite(.serialized) struct SchemathesisTests {
    static let skipped = ProcessInfo.processInfo.environment["SAMVERKAN_SKIP_SCHEMATHESIS"] == "1"

    /// Who fuzzes, in this order: the office's procurer, a member's coordinator and the
    /// committee's chair, each of whom sees and may do different things, and last the
    /// administrator, who may also deactivate the others and revoke their roles.
    static let people: [(email: String, role: Role)] = [
        ("upphandlare@jamtland.example", .procurer),
        ("krokom@jamtland.example", .coordinator),
        ("ordforande@jamtland.example", .committeeChair),
        ("admin@jamtland.example", .administrator),
    ]

    /// The operations that can end the credentials a run works with (revoking its own token,
    /// the administrator deactivating itself or revoking its own role, which schemathesis will
    /// do with the ids it reads from the lists): left out of the main runs, so that they keep
    /// testing as the person, and run once at the end on their own.
    static let selfEnding = ["revokeToken", "revokeRole", "updateUser"]

    @Test(.enabled(if: !skipped), .timeLimit(.minutes(30)))
    func generatedRequestsFindNoServerErrorAndNoSchemaViolation() async throws {
        let schemathesis = try #require(
            ExternalProgram.find("schemathesis", override: "SCHEMATHESIS"),
            "schemathesis is not installed: run Deploy/install-dependencies --for-tests (or set SAMVERKAN_SKIP_SCHEMATHESIS=1)")
        let seed = ProcessInfo.processInfo.environment["SCHEMATHESIS_SEED"].flatMap(Int.init) ?? Int.random(in: 1...999_999)
        try await APIFixture.withApp(today: .today) { fixture in
            let port = try #require(fixture.client.port)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-schemathesis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }

            // What the fuzzer draws from besides its own inventions: the ids of what exists,
            // valid CPV codes, days around today, amounts, and hostile text for every free-text
            // field, so that requests get past "not found" and reach the code that stores.
            let configuration = folder.appendingPathComponent("schemathesis.toml")
            let python = try #require(ExternalProgram.find("python3"), "python3 is needed: run Deploy/install-dependencies --for-tests")
            let script = folder.appendingPathComponent("configure.py")
            let description = folder.appendingPathComponent("openapi.json")
            try Data(Self.configurationScript.utf8).write(to: script)
            try await OpenAPIDocument.fetch(fixture.client).data.write(to: description)
            let reader = try await fixture.token("admin@jamtland.example", role: .administrator)
            let made = try await python.run(
                [script.path, "http://127.0.0.1:\(port)", reader, description.path, configuration.path],
                directory: folder, timeout: .seconds(60))
            try #require(made.status == 0, "the schemathesis configuration could not be made:\n\(made.output)")

            func run(as person: (email: String, role: Role), operations: [String]) async throws {
                let token = try await fixture.token(person.email, role: person.role)
                let selection = operations.isEmpty
                    ? Self.selfEnding.flatMap { ["--exclude-operation-id", $0] }
                    : operations.flatMap { ["--include-operation-id", $0] }
                let result = try await schemathesis.run(
                    [
                        "--config-file", configuration.path,
                        "run", "http://127.0.0.1:\(port)/api/v1/openapi.json",
                        "--header", "Authorization: Bearer \(token)",
                        "--checks", "not_a_server_error,response_schema_conformance",
                        // Each operation on its own: chained calls (the stateful phase) would
                        // need links the description does not declare.
                        "--phases", "examples,coverage,fuzzing",
                        "--max-examples", "20",
                        "--seed", String(seed),
                        // One worker: with threads, Python 3.11's `ast.parse`, which hypothesis uses
                        // to describe its filters, can fail spuriously (CPython gh-106905).
                        "--workers", "1",
                        "--request-timeout", "30",
                        // NUL characters too, in every text, which PostgreSQL cannot store.
                        "--generation-allow-x00", "true",
                        "--generation-database", "none",
                        // The security schemes say how to authenticate; the header above does it.
                        "--generation-with-security-parameters", "false",
                        "--no-color",
                    ] + selection,
                    environment: ["NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"],
                    directory: folder,
                    timeout: .seconds(600))
                let what = "schemathesis as \(person.email) (\(person.role.rawValue))\(operations.isEmpty ? "" : " on \(operations)"), seed \(seed)"
                #expect(!result.timedOut, "\(what) did not finish in time")
                #expect(result.status == 0, "\(what), exit status \(result.status):\n\(result.output.suffix(20_000))")
                if operations.isEmpty {
                    // A run whose token died halfway would have tested only the refusal.
                    let (status, _) = try await fixture.call(.get, "/api/v1/me", token)
                    #expect(status == .ok, "\(what): the token no longer works after the run")
                }
            }

            for person in Self.people { try await run(as: person, operations: []) }
            try await run(as: Self.people.last!, operations: Self.selfEnding)

            // The last run, as the administrator, may have deactivated the procurer or taken its
            // role away (it draws users and roles at random): both are given back, so that the
            // pages below are read as a procurer whatever the seed.
            let procurer = try #require(DemoData.jamtland.users.first { $0.user.email.normalized == "upphandlare@jamtland.example" })
            try await fixture.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { transaction in
                try await transaction.query("UPDATE users SET active = true WHERE id = \(procurer.user.id)")
                for role in procurer.roles {
                    if try await transaction.roleAssignment(id: role.id) == nil { try await transaction.insertRoleAssignment(role) }
                }
            }
            // What the fuzzer stored is shown escaped on the pages: its markup never as markup.
            let pages = PoolingPagesTests.Fixture(client: fixture.client, store: fixture.store)
            let session = try await pages.logIn("upphandlare@jamtland.example")
            for path in ["/start", "/plan", "/behov", "/samordnade", "/direktupphandlingar", "/uppdrag", "/sammantraden", "/namnd",
                         "/leverantorer", "/admin/troskelvarden"] {
                let page = try await pages.get(path, as: session)
                #expect(page.status == .ok, "\(path) after the fuzzing: \(page.status)")
                #expect(!page.body.contains("<script>alert"), "\(path) shows stored markup unescaped")
            }
        }
    }

    /// Writes schemathesis' configuration (TOML) for the running server: dictionaries of the
    /// things the administrator can list, found through the description's own list operations,
    /// bound to the path parameters and request-body fields that name them; days, instants,
    /// amounts and quantities to the fields of those kinds; hostile text to free-text fields.
    /// Arguments: the server's base URL, an administrator's token, the description, the file to write.
    static let configurationScript = #"""
    import datetime, json, sys, urllib.error, urllib.request

    base, token, spec_path, output = sys.argv[1:5]
    spec = json.load(open(spec_path, encoding="utf-8"))
    schemas = spec["components"]["schemas"]


    def get(path):
        """The answer as the administrator reads it; None for a refusal (a list for other roles)."""
        request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request) as response:
                return json.load(response)
        except urllib.error.HTTPError:
            return None


    def first_list(body):
        return next((v for v in body.values() if isinstance(v, list)), []) if isinstance(body, dict) else []


    # What the administrator can read: each list of the description (a GET without parameters),
    # its items' ids, the ids of what the items hold (a tender's lots and bids, a meeting's agenda
    # items, a user's roles) and the CPV codes in use.
    lists, held, cpv = {}, {}, {"30192000-1"}
    for path, item in spec["paths"].items():
        if not path.startswith("/api/v1/") or "{" in path or "get" not in item or path.endswith("openapi.json"):
            continue
        if "application/json" not in item["get"]["responses"].get("200", {}).get("content", {}):
            continue
        things = [x for x in first_list(get(path)) if isinstance(x, dict)]
        lists[path] = [x["id"] for x in things if isinstance(x.get("id"), str)]
        for thing in things:
            for key, value in thing.items():
                if isinstance(value, list) and value and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value):
                    held.setdefault(key, []).extend(v["id"] for v in value)
            if isinstance(thing.get("cpv"), str):
                cpv.add(thing["cpv"])
    committee = get("/api/v1/committee") or {}
    today = datetime.date.today()

    dictionaries = {
        "slugs": [o["slug"] for o in get("/api/v1/offices")["offices"]],
        "ordinals": [1, 2, 3],
        "terms": [committee["term"]["id"]] if committee.get("term") else [],
        "cpv": sorted(cpv),
        "days": [(today + datetime.timedelta(days=n)).isoformat() for n in (-400, -30, 0, 45, 400, 800)],
        "instants": [(datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(days=n)).isoformat().replace("+00:00", "Z") for n in (-10, 20, 40)],
        "amounts": ["0", "99000", "250000.50", "1200000", "-5", "1e3", "12,50"],
        "quantities": ["1200", "12.5", "0", "-1"],
        # Text as attackers and copy-paste write it: markup, SQL, a NUL, bidirectional and astral characters.
        "texts": ["<script>alert(\"samverkan\")</script>", "'; DROP TABLE suppliers; --", "Robert\"); DELETE FROM users; --",
                  "a\u0000b", "\u202eevil\u202c", "Östersund 𝄞 &amp; <b>fet</b>", " ", "%s%n{{x}}"],
    }
    for path, ids in lists.items():
        dictionaries[path.removeprefix("/api/v1/")] = ids
    for key, ids in held.items():
        dictionaries["held-" + key] = ids

    # The request bodies' fields that name another thing, by the dictionary of that thing.
    references = {
        "supplierID": "suppliers", "lotID": "held-lots", "organisationID": "organisations", "partyIDs[*]": "organisations",
        "userID": "users", "procurerID": "users", "adjusterID": "users", "terms.managerID": "users",
        "assignmentID": "assignments", "items[*].assignmentID": "assignments", "pooledProcurementID": "pooled-procurements",
        "needIDs[*]": "needs", "planItemID": "plan", "winningBidIDs[*]": "held-bids", "roleID": "held-roles", "cpv": "cpv",
    }


    def fields(schema, prefix=""):
        """Every field of a request body: its dotted path and its schema, `$ref`s followed."""
        seen = set()

        def walk(node, prefix):
            while "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[1]
                if name in seen:
                    return
                node = schemas[name]
            for option in node.get("anyOf", []):
                if "$ref" in option:
                    walk(option, prefix)
            for name, child in node.get("properties", {}).items():
                path = prefix + name
                yield_(path, child)
                if child.get("type") in ("array", ["array", "null"]) and "items" in child:
                    walk(child["items"], path + "[*].")
                walk(child, path + ".")

        found = []

        def yield_(path, node):
            found.append((path, node))

        walk(schema, prefix)
        return found


    bindings = {}
    for item in spec["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if not body:
                continue
            for path, node in fields(body):
                leaf = path.rsplit(".", 1)[-1]
                ref = node.get("$ref", "") or next((o.get("$ref", "") for o in node.get("anyOf", [])), "")
                kind = ref.rsplit("/", 1)[-1]
                if path in references or leaf in references:
                    bindings[path] = (references.get(path) or references[leaf], 0.7)
                elif kind == "Date":
                    bindings[path] = ("days", 0.6)
                elif kind == "Instant":
                    bindings[path] = ("instants", 0.6)
                elif kind == "AmountInput":
                    bindings[path] = ("amounts", 0.6)
                elif kind == "QuantityInput":
                    bindings[path] = ("quantities", 0.6)
                elif not kind and node.get("type") in ("string", ["string", "null"]) and not ({"enum", "pattern", "format"} & node.keys()):
                    bindings[path] = ("texts", 0.3)

    q = lambda value: json.dumps(value, ensure_ascii=False)
    lines = []
    for name, values in dictionaries.items():
        if values:
            lines += [f"[dictionaries.{q(name)}]", f"values = {q(values)}", ""]
    usable = lambda name: bool(dictionaries.get(name))
    lines.append("[parameters]")
    lines.append('"path.slug" = { dictionary = "slugs", probability = 0.8 }')
    lines.append('"path.ordinal" = { dictionary = "ordinals", probability = 0.8 }')
    for path, (name, probability) in sorted(bindings.items()):
        if usable(name):
            lines.append(f'"body.{path}" = {{ dictionary = {q(name)}, probability = {probability} }}')
    # A path's `{id}` is one of the things its list names (`/api/v1/tenders/{id}/…`: a tender).
    for path in sorted(spec["paths"]):
        if "/{id}" not in path:
            continue
        owner = path.split("/{id}")[0].removeprefix("/api/v1/")
        name = "terms" if owner == "committee/terms" else owner
        if not usable(name):
            continue
        extra = {"item": "held-items", "roleID": "held-roles"}
        parameters = [f'"path.id" = {{ dictionary = {q(name)}, probability = 0.8 }}']
        parameters += [f'"path.{p}" = {{ dictionary = {q(d)}, probability = 0.8 }}' for p, d in extra.items() if "{" + p + "}" in path and usable(d)]
        for method in spec["paths"][path]:
            lines += ["", "[[operations]]", f"include-operation-id = {q(spec['paths'][path][method]['operationId'])}",
                      "parameters = { " + ", ".join(parameters) + " }"]
    with open(output, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    """#
}
