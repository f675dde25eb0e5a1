import Foundation
import Procurement

extension ReleasePackageBuilder {
    /// A direct award (*direktupphandling*): a process of its own, published whole once the
    /// contract is activated: the award to its supplier and the contract.
    func directAwardRelease(_ contract: Contract, _ context: BuildContext) -> OCDS.Release {
        var parties = PartyList()
        let office = parties.add(context.officeParty)
        let suppliers = context.addParties(of: contract, tendered: false, to: &parties)
            .sorted { $0.id < $1.id }
        let published = self.contract(contract, awardID: "award", signedOn: nil, context)
        let ocid = context.ocid(contract.id)
        let stamp = context.stamp(ocid: ocid, events: contractEvents(contract, context))
        let item = OCDS.Item(id: "1", description: contract.title, classification: context.classification(contract.cpv))
        return OCDS.Release(
            ocid: ocid, id: stamp.id, date: stamp.date,
            tag: published.status == .terminated ? [.award, .contract, .contractTermination] : [.award, .contract],
            parties: parties.all, buyer: parties.soleBuyer, planning: nil,
            tender: OCDS.Tender(
                id: contract.id.uuidString.lowercased(), title: contract.title, description: contract.description.nonEmpty,
                status: .complete, procuringEntity: office, items: [item], value: OCDS.Value(contract.estimatedValue),
                procurementMethod: .direct, procurementMethodDetails: "Direktupphandling"),
            awards: [OCDS.Award(
                id: "award", title: contract.title, status: .active, date: contract.activatedAt.map(context.dates.string),
                value: OCDS.Value(contract.estimatedValue), suppliers: suppliers.isEmpty ? nil : suppliers)],
            contracts: [published])
    }

    /// A contract: its period with the options used (`endDate`) and all of them
    /// (`maxExtentDate`), its estimated value, and its status on the day.
    func contract(_ contract: Contract, awardID: String, signedOn: CalendarDate?, _ context: BuildContext) -> OCDS.Contract {
        let status: OCDS.ContractStatus = switch contract.status(on: context.today) {
        case .draft: .pending
        case .signed, .active: .active
        case .expired, .terminated: .terminated
        }
        return OCDS.Contract(
            id: contract.id.uuidString.lowercased(), awardID: awardID, title: contract.title,
            description: contract.description.nonEmpty, status: status,
            period: OCDS.Period(
                startDate: context.dates.start(contract.start), endDate: context.dates.end(contract.currentEnd),
                maxExtentDate: contract.options.isEmpty ? nil : context.dates.end(contract.latestPossibleEnd)),
            value: OCDS.Value(contract.estimatedValue),
            items: [OCDS.Item(id: "1", description: contract.title, classification: context.classification(contract.cpv))],
            dateSigned: signedOn.map(context.dates.start) ?? contract.activatedAt.map(context.dates.string))
    }

    /// What has happened to a contract: activation, decided options, an early termination.
    func contractEvents(_ contract: Contract, _ context: BuildContext) -> [Date] {
        let days = contract.options.compactMap(\.decidedOn) + [contract.terminatedOn].compactMap { $0 }
        return days.map(context.dates.startOfDay) + [contract.activatedAt].compactMap { $0 }
    }
}
