import CityModel

/// What may be done to the data, each action with the rule that guards it.
public enum Action: Hashable, Sendable {
    case reportCase
    case moveCase(CaseEvent.Kind)
    case appendDossierRecord(Layer)
    /// Attach an evidence photo to a case at a stage of its loop.
    case attachCasePhoto(PhotoStage)
    case writeFeature(Layer)
    case removeFeature(Layer)
    case reattribute(Layer)
    case manageAccounts
    case readAuditTrail
    /// Seeing the personal data of the people an entity concerns (a chief's phone, a holder's name).
    case seePersonalData
    /// Send an officer's GPS fixes: the officer's own account does (`CityQueries.recordFixes`);
    /// this is anyone else's rule.
    case sendPositions
    /// Create, read and end webhook subscriptions.
    case manageSubscriptions

    /// How a refusal names the action: "move case (dispatch)".
    public var phrase: String {
        switch self {
        case .reportCase: "report a case"
        case .moveCase(let kind): "move a case (\(kind.rawValue))"
        case .appendDossierRecord(let layer): "append to a \(layer.rawValue) dossier"
        case .attachCasePhoto(let stage): "attach a photo to a case (\(stage.rawValue))"
        case .writeFeature(let layer): "write \(layer.rawValue)"
        case .removeFeature(let layer): "remove \(layer.rawValue)"
        case .reattribute(let layer): "re-attribute \(layer.rawValue)"
        case .manageAccounts: "manage accounts"
        case .readAuditTrail: "read the audit trail"
        case .seePersonalData: "see personal data"
        case .sendPositions: "send an officer's positions"
        case .manageSubscriptions: "manage webhook subscriptions"
        }
    }
}

/// The one place that says who may do what where. CityQuery asks it inside every write, on the
/// view the write decides on (so a token revoked or an area changed by another writer counts at
/// once), and for every answer that could carry personal data; the server, Open311, the OGC API
/// and the command line reach data only through CityQuery, so no door can forget it.
///
/// A rule is a set of roles and where they must hold:
/// - `anywhere`: citizens' problems don't respect borders, so a case may be reported anywhere;
/// - `atEntity`: the role must hold where the case or entity was attributed (its cell, sub-district,
///   district, segment or chief), e.g. a 豫园 officer moves only 豫园's cases;
/// - `wholeCity`: only with the whole city in one's areas (imports, accounts).
public enum AccessPolicy {
    public enum Reach: Sendable, Equatable { case anywhere, atEntity, wholeCity }

    public struct Rule: Sendable, Equatable {
        public var roles: [Role]
        public var reach: Reach
    }

    public static func rule(for action: Action) -> Rule {
        switch action {
        case .reportCase: Rule(roles: [.reporter], reach: .anywhere)
        // The officer on the street reports the work done and checks it (核查); the grid center
        // decides the rest of the loop.
        case .moveCase(.reportHandled), .moveCase(.verifyPassed), .moveCase(.sendBack): Rule(roles: [.officer, .dispatcher], reach: .atEntity)
        case .moveCase: Rule(roles: [.dispatcher], reach: .atEntity)
        case .appendDossierRecord: Rule(roles: [.officer], reach: .atEntity)
        // Whoever may report may show what they reported; the photos of the handling (处置前/后)
        // are the officer's, where the case lies.
        case .attachCasePhoto(.report): Rule(roles: [.reporter], reach: .anywhere)
        case .attachCasePhoto: Rule(roles: [.officer, .dispatcher], reach: .atEntity)
        case .writeFeature, .removeFeature: Rule(roles: [.admin], reach: .atEntity)
        case .reattribute: Rule(roles: [.admin], reach: .wholeCity)
        case .manageAccounts: Rule(roles: [.admin], reach: .wholeCity)
        case .readAuditTrail: Rule(roles: [.auditor], reach: .anywhere)
        case .seePersonalData: Rule(roles: [.officer, .dispatcher], reach: .atEntity)
        case .sendPositions: Rule(roles: [.dispatcher], reach: .atEntity)
        case .manageSubscriptions: Rule(roles: [.dispatcher, .admin], reach: .anywhere)
        }
    }

    /// Whether `principal` may do `action` to an entity attributed as `attribution`.
    public static func allows(_ action: Action, by principal: Principal, at attribution: Attribution? = nil) -> Bool {
        let rule = rule(for: action)
        return rule.roles.contains { role in
            switch rule.reach {
            case .anywhere: principal.holds(role)
            case .atEntity: principal.holds(role, at: attribution)
            case .wholeCity: principal.holds(role) && principal.coversCity
            }
        }
    }

    /// Refuses with 401's error for nobody and 403's naming the area (where the entity lies) for
    /// a principal whose role does not hold there.
    public static func authorize(_ action: Action, by principal: Principal, at attribution: Attribution? = nil) throws(CityQueryError) {
        guard !allows(action, by: principal, at: attribution) else { return }
        let rule = rule(for: action)
        if principal.isAnonymous {
            throw .unauthenticated(reason: "to \(action.phrase) needs a bearer token with the \(rule.roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        let held = rule.roles.first { principal.holds($0) }
        let area: String? = switch rule.reach {
        case .anywhere: nil
        case .atEntity: held == nil ? nil : place(of: attribution)
        case .wholeCity: held == nil ? nil : "the whole city"
        }
        throw .forbidden(principal: principal.description, action: action.phrase, needs: held ?? rule.roles[0], area: area)
    }

    /// The check before the entity is known: 401/403 at once when the principal holds the role
    /// nowhere (`orSomewhere`), so a request that cannot succeed costs no lookup; the check
    /// `at:` the entity follows once it is found.
    public static func authorize(_ action: Action, by principal: Principal, at attribution: Attribution?, orSomewhere: Bool) throws(CityQueryError) {
        guard orSomewhere else { return try authorize(action, by: principal, at: attribution) }
        let rule = rule(for: action)
        guard !rule.roles.contains(where: { principal.holds($0) }) else { return }
        if principal.isAnonymous {
            throw .unauthenticated(reason: "to \(action.phrase) needs a bearer token with the \(rule.roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        throw .forbidden(principal: principal.description, action: action.phrase, needs: rule.roles[0], area: nil)
    }

    /// Where an entity lies, as a refusal names it: "cell 310101-018-003-0007 (豫园街道), segment SEG-… (chief RC-…)".
    static func place(of attribution: Attribution?) -> String {
        guard let a = attribution else { return "no attributed area" }
        var parts: [String] = []
        if let g = a.gridCode { parts.append("cell \(g)" + (a.subDistrict.map { " (\($0))" } ?? "")) }
        if let s = a.segment { parts.append("segment \(s.segmentID)" + (s.chiefID.map { " (chief \($0))" } ?? "")) }
        return parts.isEmpty ? "no attributed area" : parts.joined(separator: ", ")
    }
}
