import CityModel
import GeoCore

/// /api/v1/accounts, /api/v1/tokens and /api/v1/audit (`AccountsController`, `AuditController`):
/// accounts as listed (never a secret or its digest), the one answer that carries a new secret,
/// and the audit trail's lines. Roles and actions come from the domain's own `allCases`.
extension Schemas {
    static let roles = S.oneOf(Role.allCases.map(\.rawValue))
    static let auditActions = S.oneOf(AuditAction.allCases.map(\.rawValue))
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let secret = ["type": "string", "pattern": "^cg_", "description": "The token's secret, shown this once and never again"] as JSONValue

    static let tokenMembers: JSONObject = [
        "id": S.string("The token's id (t-5f2c9a01), what DELETE /api/v1/tokens/{tokenId} takes"), "accountID": S.string,
        "createdAt": S.dateTime, "expiresAt": nullableDateTime, "lastUsedAt": nullableDateTime, "revokedAt": nullableDateTime,
        "valid": ["type": "boolean", "description": "Whether it opens its account now"],
    ]
    static let tokenRequired = ["id", "accountID", "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "valid"]

    static let accountToken = S.object(tokenMembers, required: tokenRequired, description: "A token as listed: never its secret or digest")

    static let account = S.object([
        "id": S.string, "name": S.string, "unit": S.string, "roles": S.array(roles),
        "areas": S.array(S.string("city, district:310101, subdistrict:310101-018, cells:…, chief:…, segments:…")),
        "createdAt": S.dateTime, "disabledAt": nullableDateTime, "tokens": S.array(S.ref(.accountToken)),
    ], required: ["id", "name", "unit", "roles", "areas", "createdAt", "disabledAt", "tokens"], examples: [[
        "id": "u-0001", "name": "王五", "unit": "豫园街道中队", "roles": ["officer"], "areas": ["subdistrict:310101-018"],
        "createdAt": "2026-05-01T09:00:00+08:00", "disabledAt": nil,
        "tokens": [["id": "t-5f2c9a01", "accountID": "u-0001", "createdAt": "2026-05-01T09:00:00+08:00", "expiresAt": nil,
                    "lastUsedAt": nil, "revokedAt": nil, "valid": true]],
    ]])

    static let accountList = S.object(["accounts": S.array(S.ref(.account))], required: ["accounts"])

    /// POST /api/v1/accounts.
    static let accountInput = S.object([
        "name": S.string, "unit": S.string, "roles": S.array(roles, minItems: 1),
        "areas": S.array(S.string("city, district:310101, subdistrict:310101-018 or subdistrict:豫园街道, cells:…, chief:…, segments:…"),
                         minItems: 1),
        "expiresInDays": ["type": "integer", "minimum": 1, "maximum": 36500, "description": "Default: the token never expires"],
    ], required: ["name", "roles", "areas"], examples: [[
        "name": "王五", "unit": "豫园街道中队", "roles": ["officer"], "areas": ["subdistrict:310101-018"], "expiresInDays": 365,
    ]])

    /// The new account with its first token's secret.
    static let createdAccount = S.extending(account, ["token": secret], required: ["token"])

    /// POST /api/v1/accounts/{accountId}/tokens.
    static let tokenInput = S.object([
        "expiresInDays": ["type": "integer", "minimum": 1, "maximum": 36500, "description": "Default: the token never expires"],
        "rotate": ["type": "boolean", "description": "Revoke the account's other tokens in the same write"],
    ], required: [], examples: [["expiresInDays": 90, "rotate": true], [:]])

    /// The new token with its secret, and the tokens a rotation revoked.
    static let issuedToken = S.object(tokenMembers.merging(["token": secret, "revoked": S.array(S.ref(.accountToken))]),
                                      required: tokenRequired + ["token", "revoked"])

    static let auditEntry = S.object([
        "sequence": S.count, "at": S.dateTime, "accountID": S.nullable("string"),
        "actor": S.string("The account's name, or 本机:USER for the command line"),
        "via": S.string("The route (POST /api/v1/accounts) or command"), "action": auditActions,
        "subject": S.nullable("string"), "subjectID": S.nullable("string"), "detail": S.string,
    ], required: ["sequence", "at", "accountID", "actor", "via", "action", "subject", "subjectID", "detail"])

    static let auditTrail = S.object([
        "entries": S.array(S.ref(.auditEntry)),
        "links": S.array(S.ref(.link)),
    ], required: ["entries"], examples: [["entries": [[
        "sequence": 7, "at": "2026-05-01T09:00:00+08:00", "accountID": "u-0001", "actor": "管理员", "via": "POST /api/v1/accounts",
        "action": "account.create", "subject": "accounts", "subjectID": "u-0002", "detail": #"{"name":"王五"}"#,
    ]]]])
}
