import Foundation
import Postgres
import Procurement

extension BenchmarkData.Planner {
    /// Tenders in lots, a contract per lot and some direct awards below the documentation
    /// limit, each with its suppliers, parties and options; then activated, so the database's
    /// own guard checks the suppliers' clearance, the parties and the standstill of each.
    mutating func fillContracts(
        _ office: OfficePlan, organisations: [Organisation], suppliers: [UUID], procurers: [UUID],
        identity: Identity, database: Database, report: inout BenchmarkData.Report
    ) async throws {
        var made = 0
        while made < shape.contractsPerOffice {
            var tenders: [[String?]] = [], lots: [[String?]] = [], contracts: [[String?]] = []
            var options: [[String?]] = [], contractSuppliers: [[String?]] = [], parties: [[String?]] = []
            var activate: [String] = []
            var inBatch = 0
            while inBatch < batch && made + inBatch < shape.contractsPerOffice {
                let item = random.pick(cpv)
                let title = String(item.label.prefix(150))
                let startOffset = random.int(-2_200...20)
                let months = random.pick([24, 36, 48])
                let framework = random.chance(0.8)
                let procurer = random.pick(procurers)
                // A direct award (one in ten) stays below the 100 000 kr documentation limit.
                let direct = random.chance(0.1)
                var tenderID: UUID?
                var lotIDs: [UUID?] = [nil]
                if !direct {
                    let id = random.uuid()
                    tenderID = id
                    let award = startOffset - random.int(40...90)
                    let opening = award - random.int(20...40)
                    let notice = opening - random.int(30...50)
                    let lotCount = min(random.pick([1, 1, 2, 2, 3, 4]), batch - inBatch, shape.contractsPerOffice - made - inBatch)
                    let value = random.int(5_000...500_000) * 1_000_00
                    tenders.append([
                        office.id.text, id.text, "\(title) \(today.year + startOffset / 365)", item.code,
                        random.pick(["supplies", "services", "services", "works"]), random.chance(0.7) ? "open" : "simplified",
                        framework ? "t" : "f", Self.money(value), date(notice - 60), date(notice),
                        "\(today.year + notice / 365)-\(random.int(100_000...999_999))",
                        instant(opening, hour: 11), instant(opening), date(award), date(award + 12), date(award + 14), procurer.text,
                    ])
                    lotIDs = []
                    for number in 1...lotCount {
                        let lot = random.uuid()
                        lotIDs.append(lot)
                        lots.append([office.id.text, lot.text, id.text, String(number),
                                     lotCount == 1 ? title : "Delområde \(number): \(title)", Self.money(value / lotCount)])
                    }
                }
                for lot in lotIDs {
                    let contract = random.uuid()
                    let estimated = direct ? random.int(20_000...95_000) * 100 : random.int(100...100_000) * 10_000_00 / 100
                    let ranked = framework && !direct ? random.int(1...3) : 1
                    let method = ranked == 1 ? "single_supplier" : random.pick(["ranking", "ranking", "renewed_competition", "combined"])
                    contracts.append([
                        office.id.text, contract.text, "AVT-\(office.index + 1)-\(String(format: "%06d", made + inBatch + 1))",
                        lotIDs.count > 1 ? "Delområde: \(title)" : title, item.code, framework && !direct ? "t" : "f",
                        tenderID?.text, lot?.text, date(startOffset), date(startOffset + months * 365 / 12 - 1),
                        Self.money(estimated), framework && !direct ? Self.money(estimated + estimated / 5) : nil, method,
                        random.pick(procurers).text, procurer.text,
                    ])
                    if !direct && random.chance(0.6) {
                        for ordinal in 1...2 {
                            options.append([office.id.text, random.uuid().text, contract.text, String(ordinal), "12"])
                        }
                    }
                    for (rank, index) in random.sample(ranked, below: suppliers.count).enumerated() {
                        contractSuppliers.append([office.id.text, random.uuid().text, contract.text, suppliers[index].text,
                                                  ranked > 1 ? String(rank + 1) : nil])
                    }
                    // Most contracts are pooled: several members are parties to each.
                    let partyCount = random.chance(0.3) ? 1 : random.int(2...min(15, organisations.count))
                    for index in random.sample(partyCount, below: organisations.count) {
                        parties.append([office.id.text, random.uuid().text, contract.text, organisations[index].id.text])
                    }
                    if random.chance(0.95) { activate.append(contract.text) }
                    inBatch += 1
                }
            }
            let batchRows = (tenders, lots, contracts, options, contractSuppliers, parties, activate)
            try await database.transaction(as: identity) { transaction in
                try await BenchmarkData.bulkInsert(transaction, table: "tenders", columns: [
                    "office_id", "id", "title", "cpv", "contract_type", "procedure", "framework", "estimated_value",
                    "planning_from", "notice_published_on", "notice_reference", "tender_deadline", "opening_at",
                    "award_decision_on", "standstill_last_day", "contract_signed_on", "created_by",
                ], rows: batchRows.0)
                try await BenchmarkData.bulkInsert(transaction, table: "tender_lots", columns: [
                    "office_id", "id", "tender_id", "number", "title", "estimated_value",
                ], rows: batchRows.1)
                try await BenchmarkData.bulkInsert(transaction, table: "contracts", columns: [
                    "office_id", "id", "reference", "title", "cpv", "framework", "tender_id", "lot_id", "start_on", "end_on",
                    "estimated_value", "maximum_value", "call_off_method", "manager_id", "created_by",
                ], rows: batchRows.2)
                try await BenchmarkData.bulkInsert(transaction, table: "contract_options", columns: [
                    "office_id", "id", "contract_id", "ordinal", "months",
                ], rows: batchRows.3)
                try await BenchmarkData.bulkInsert(transaction, table: "contract_suppliers", columns: [
                    "office_id", "id", "contract_id", "supplier_id", "rank",
                ], rows: batchRows.4)
                try await BenchmarkData.bulkInsert(transaction, table: "contract_parties", columns: [
                    "office_id", "id", "contract_id", "organisation_id",
                ], rows: batchRows.5)
                try await transaction.query("""
                    UPDATE contracts SET activated_at = now()
                    WHERE office_id = current_office_id() AND id = ANY(\(batchRows.6)::uuid[])
                    """)
            }
            report.add("tenders", tenders.count)
            report.add("tender_lots", lots.count)
            report.add("contracts", contracts.count)
            report.add("contract_options", options.count)
            report.add("contract_suppliers", contractSuppliers.count)
            report.add("contract_parties", parties.count)
            made += inBatch
        }
    }

    /// Members' needs, and the committee's year: assignments with case numbers, meetings
    /// around today, each with an agenda of assignments to decide.
    mutating func fillNeedsAndCommittee(
        _ office: OfficePlan, organisations: [Organisation], procurers: [UUID], termID: UUID,
        identity: Identity, database: Database, report: inout BenchmarkData.Report
    ) async throws {
        var needs: [[String?]] = []
        for _ in 0..<shape.needsPerOffice {
            let org = random.pick(organisations)
            let item = random.pick(cpv)
            let unit = random.pick(["st", "år", "timmar", "kg", "licenser"])
            needs.append([
                office.id.text, random.uuid().text, org.id.text, item.code, String(item.label.prefix(150)),
                String(random.int(1...5_000)), unit, Self.money(random.int(10_000...5_000_000) * 100),
                date(random.int(30...700)), String(random.pick([12, 24, 36, 48])), org.coordinator!.text,
            ])
        }
        try await inBatches(needs, table: "needs", columns: [
            "office_id", "id", "organisation_id", "cpv", "title", "quantity", "unit", "yearly_value", "wanted_start", "months", "created_by",
        ], identity: identity, database: database, report: &report) { $0 }

        let items = shape.meetingsPerOffice * shape.agendaItemsPerMeeting
        var assignments: [(id: UUID, title: String)] = []
        var assignmentRows: [[String?]] = []
        for serial in 1...max(items, 1) {
            let id = random.uuid()
            let title = "Samordnad upphandling: \(random.pick(cpv).label.prefix(140))"
            assignments.append((id, title))
            assignmentRows.append([office.id.text, id.text, String(today.year), String(serial), title,
                                   Self.money(random.int(1_000...50_000) * 100_000), "proposed", random.pick(procurers).text])
        }
        try await database.transaction(as: identity) { transaction in
            // The case numbers taken, so the office's next assignment gets the next one.
            try await BenchmarkData.bulkInsert(transaction, table: "number_series", columns: ["office_id", "series", "year", "last"],
                                               rows: [[office.id.text, "case", String(today.year), String(assignmentRows.count)]])
        }
        report.add("number_series", 1)
        try await inBatches(assignmentRows, table: "assignments", columns: [
            "office_id", "id", "case_year", "case_serial", "title", "estimated_value", "status", "created_by",
        ], identity: identity, database: database, report: &report) { $0 }

        var meetings: [[String?]] = []
        var agenda: [[String?]] = []
        let host = office.municipalities.first!.name
        for number in 0..<shape.meetingsPerOffice {
            let id = random.uuid()
            let offset = (number - shape.meetingsPerOffice / 2) * 30 + random.int(0...5)
            meetings.append([office.id.text, id.text, termID.text, instant(offset, hour: 8), "Kommunhuset, \(host)"])
            for position in 1...shape.agendaItemsPerMeeting {
                let assignment = assignments[number * shape.agendaItemsPerMeeting + position - 1]
                agenda.append([office.id.text, random.uuid().text, id.text, String(position), assignment.id.text,
                               String(assignment.title.prefix(200)),
                               "Nämnden ger upphandlingskontoret i uppdrag att genomföra upphandlingen."])
            }
        }
        try await inBatches(meetings, table: "meetings", columns: ["office_id", "id", "term_id", "starts_at", "place"],
                            identity: identity, database: database, report: &report) { $0 }
        try await inBatches(agenda, table: "agenda_items", columns: [
            "office_id", "id", "meeting_id", "position", "assignment_id", "title", "proposal",
        ], identity: identity, database: database, report: &report) { $0 }
    }
}
