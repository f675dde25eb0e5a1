import HTTPTypes
import Postgres

/// The database's refusals named by their constraint, in words the user can act on. What is
/// not listed falls to the general mapping of `AppError.from`.
func refusingByRule<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PostgresError {
        guard let constraint = error.constraint, let refusal = ruleRefusals[constraint] else { throw error }
        throw refusal
    }
}

private let ruleRefusals: [String: AppError] = [
    "tenders_opening_passed": AppError.conflict("the opening has passed and cannot be moved")
        .swedish("Anbudsöppningen har redan skett och kan inte flyttas."),
    "tenders_opening_past": AppError.invalid("the opening cannot be set in the past")
        .swedish("Anbudsöppningen kan inte sättas till en tidpunkt som redan passerat."),
    "tenders_deadline_passed": AppError.conflict("the tender deadline has passed and cannot be moved")
        .swedish("Sista anbudsdag har passerat och kan inte flyttas."),
    "tenders_settled": AppError.conflict("the tender is settled (cancelled or contracted) and does not change")
        .swedish("Upphandlingen är avslutad och kan inte ändras."),
    "bids_tender_open": AppError.conflict("the tender takes no more bids (cancelled or awarded)")
        .swedish("Upphandlingen tar inte emot fler anbud."),
    "bids_deadline": AppError.conflict("the bid arrived after the tender deadline, or the tender has no deadline yet")
        .swedish("Anbudet kom in efter sista anbudsdag, eller så saknar upphandlingen sista anbudsdag."),
    "bids_received": AppError.invalid("a bid cannot arrive in the future").swedish("Ett anbud kan inte ha kommit in i framtiden."),
    "bids_office_id_lot_id_supplier_id_key": AppError.conflict("this supplier has a bid for the lot already")
        .swedish("Leverantören har redan ett anbud på delområdet."),
    "contracts_suppliers_cleared": AppError.conflict("a supplier lacks current checks (F-tax, taxes and debts, exclusion grounds)")
        .swedish("En leverantör saknar giltig seriositetsprövning (F-skatt, skatter och skulder, uteslutningsgrunder)."),
    "contracts_supplier": AppError.conflict("a contract needs a supplier").swedish("Avtalet saknar leverantör."),
    "contracts_party": AppError.conflict("a contract needs a party").swedish("Avtalet saknar part."),
    "contracts_standstill": AppError.conflict("no contract before the standstill has ended")
        .swedish("Avtal får inte tecknas förrän avtalsspärren har löpt ut."),
    "contracts_documented": AppError.conflict("the direct award must be documented first (LOU 19 a kap.)")
        .swedish("Direktupphandlingen måste dokumenteras först (LOU 19 a kap.)."),
    "contracts_terms_kept": AppError.conflict("an active contract keeps its terms, suppliers and parties")
        .swedish("Ett gällande avtal behåller sina villkor, leverantörer och parter."),
    "contract_parties_confirmed": AppError.conflict("only a member that confirmed its participation becomes a party")
        .swedish("Bara medlemmar som bekräftat sitt deltagande kan bli avtalsparter."),
    "contract_options_decided": AppError.conflict("the option is decided already").swedish("Optionen är redan beslutad."),
    "contract_options_order": AppError.conflict("options are used in order: decide the earlier one first")
        .swedish("Optionerna används i tur och ordning. Besluta om den tidigare först."),
    "contracts_office_id_reference_key": AppError.conflict("a contract with that reference exists already")
        .swedish("Det finns redan ett avtal med det avtalsnumret."),
    "call_offs_contract_in_force": AppError.conflict("call-offs are placed on an active contract, on a day within its period")
        .swedish("Avrop görs på ett gällande avtal, under avtalstiden."),
    "call_offs_party": AppError(.forbidden, code: "forbidden", message: "your organisation is not a party to the contract")
        .swedish("Din organisation är inte part i avtalet."),
    "call_offs_supplier": AppError.invalid("`supplierID` is not one of the contract's suppliers")
        .swedish("Leverantören är inte avtalets."),
]
