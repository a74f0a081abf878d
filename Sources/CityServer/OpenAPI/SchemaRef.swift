import GeoCore

/// The named schemas of the OpenAPI document's `components.schemas`. Routes name the schema of each
/// body by a case of this enum (`BodyDoc.json(.locate)`), so a misspelt name does not compile; the
/// switch below gives every case its schema, so no name is left without one. The schemas
/// themselves live in `Schemas+*.swift`, one area of the API per file.
public enum SchemaRef: String, CaseIterable, Sendable {
    // Errors and plain documents.
    case problem = "Problem", geoReportErrors = "GeoReportErrors", apiDefinition = "APIDefinition", text = "Text"
    // GeoJSON, as RFC 7946 and the layers send it.
    case geometry = "Geometry", point = "PointGeometry", polygon = "PolygonGeometry", link = "Link"
    case feature = "Feature", featureCollection = "FeatureCollection", featurePage = "FeaturePage", featureInput = "FeatureInput"
    // System, layers, OGC API – Features.
    case health = "Health", layerList = "LayerList"
    case landingPage = "LandingPage", conformance = "Conformance", collections = "Collections", collection = "Collection"
    case ogcFeatureCollection = "OGCFeatureCollection"
    // Queries.
    case locate = "Locate", locateResult = "LocateResult", roadChief = "RoadChief", areaFigures = "AreaFigures"
    case gridReport = "GridReport", segmentReport = "SegmentReport", chiefSegments = "ChiefSegments"
    case nearestCases = "NearestCases", polygonInput = "PolygonInput", searchResults = "SearchResults"
    case figures = "Figures", caseIndicators = "CaseIndicators", ratio = "Ratio"
    // The catalogue and the dossiers.
    case catalogue = "Catalogue", caseType = "CaseType", department = "Department", eventClass = "EventClass"
    case dossier = "Dossier", dossierRecord = "DossierRecord", dossierRecordInput = "DossierRecordInput"
    // Cases.
    case caseReportInput = "CaseReportInput", caseReportOutcome = "CaseReportOutcome", violationCase = "Case"
    case caseFeature = "CaseFeature", caseList = "CaseList", caseTransitionInput = "CaseTransitionInput"
    case caseTransition = "CaseTransition", caseDeadline = "CaseDeadline", attribution = "Attribution"
    case caseHistory = "CaseHistory", caseHistoryRow = "CaseHistoryRow", overdueCases = "OverdueCases"
    case reattributeInput = "ReattributeInput", reattributionReport = "ReattributionReport"
    // Patrol routes.
    case routeInput = "RouteRequest", patrolRoute = "PatrolRoute"
    // Open311 GeoReport v2.
    case geoReportServices = "GeoReportServices", geoReportServiceDefinition = "GeoReportServiceDefinition"
    case geoReportRequests = "GeoReportRequests", geoReportCreateInput = "GeoReportCreateInput"
    case geoReportCreated = "GeoReportCreated"
    // Accounts, tokens and the audit trail.
    case account = "Account", accountToken = "AccountToken", accountList = "AccountList", accountInput = "AccountInput"
    case createdAccount = "CreatedAccount", tokenInput = "TokenInput", issuedToken = "IssuedToken"
    case auditEntry = "AuditEntry", auditTrail = "AuditTrail"
    // Officers on duty and dispatch by street time.
    case officerFeature = "Officer", officerCollection = "OfficerCollection", positionsInput = "PositionsInput"
    case positionsReport = "PositionsReport", dutyInput = "DutyInput", officerTrack = "OfficerTrack", trackCoverage = "TrackCoverage"
    case officerTasks = "OfficerTasks", dispatchSuggestions = "DispatchSuggestions", caseEvents = "CaseEvents"
    case subscription = "Subscription", subscriptionList = "SubscriptionList", subscriptionInput = "SubscriptionInput"
    case queryables = "Queryables"
    case photo = "Photo", photoUploadForm = "PhotoUploadForm", caseReportForm = "CaseReportForm", caseTransitionForm = "CaseTransitionForm"
    // The dashboard and the monthly assessment report.
    case dashboard = "Dashboard", indicatorFigures = "IndicatorFigures", rankedGroup = "RankedGroup"
    // The web map's level of detail (MapController).
    case mapCases = "MapCases", mapHeat = "MapHeat", mapBase = "MapBase"

    /// The schema, with its examples.
    var schema: JSONValue {
        switch self {
        case .problem: Schemas.problem
        case .geoReportErrors: Schemas.geoReportErrors
        case .apiDefinition: Schemas.apiDefinition
        case .text: Schemas.text
        case .geometry: Schemas.geometry
        case .point: Schemas.point
        case .polygon: Schemas.polygon
        case .link: Schemas.link
        case .feature: Schemas.feature
        case .featureCollection: Schemas.featureCollection
        case .featurePage: Schemas.featurePage
        case .featureInput: Schemas.featureInput
        case .health: Schemas.health
        case .layerList: Schemas.layerList
        case .landingPage: Schemas.landingPage
        case .conformance: Schemas.conformance
        case .collections: Schemas.collections
        case .collection: Schemas.collection
        case .ogcFeatureCollection: Schemas.ogcFeatureCollection
        case .locate: Schemas.locate
        case .locateResult: Schemas.locateResult
        case .roadChief: Schemas.roadChief
        case .areaFigures: Schemas.areaFigures
        case .gridReport: Schemas.gridReport
        case .segmentReport: Schemas.segmentReport
        case .chiefSegments: Schemas.chiefSegments
        case .nearestCases: Schemas.nearestCases
        case .polygonInput: Schemas.polygonInput
        case .searchResults: Schemas.searchResults
        case .figures: Schemas.figures
        case .caseIndicators: Schemas.caseIndicators
        case .ratio: Schemas.ratio
        case .catalogue: Schemas.catalogue
        case .caseType: Schemas.caseType
        case .department: Schemas.department
        case .eventClass: Schemas.eventClass
        case .dossier: Schemas.dossier
        case .dossierRecord: Schemas.dossierRecord
        case .dossierRecordInput: Schemas.dossierRecordInput
        case .caseReportInput: Schemas.caseReportInput
        case .caseReportOutcome: Schemas.caseReportOutcome
        case .violationCase: Schemas.violationCase
        case .caseFeature: Schemas.caseFeature
        case .caseList: Schemas.caseList
        case .caseTransitionInput: Schemas.caseTransitionInput
        case .caseTransition: Schemas.caseTransition
        case .caseDeadline: Schemas.caseDeadline
        case .attribution: Schemas.attribution
        case .caseHistory: Schemas.caseHistory
        case .caseHistoryRow: Schemas.caseHistoryRow
        case .overdueCases: Schemas.overdueCases
        case .reattributeInput: Schemas.reattributeInput
        case .reattributionReport: Schemas.reattributionReport
        case .routeInput: Schemas.routeInput
        case .patrolRoute: Schemas.patrolRoute
        case .geoReportServices: Schemas.geoReportServices
        case .geoReportServiceDefinition: Schemas.geoReportServiceDefinition
        case .geoReportRequests: Schemas.geoReportRequests
        case .geoReportCreateInput: Schemas.geoReportCreateInput
        case .geoReportCreated: Schemas.geoReportCreated
        case .account: Schemas.account
        case .accountToken: Schemas.accountToken
        case .accountList: Schemas.accountList
        case .accountInput: Schemas.accountInput
        case .createdAccount: Schemas.createdAccount
        case .tokenInput: Schemas.tokenInput
        case .issuedToken: Schemas.issuedToken
        case .auditEntry: Schemas.auditEntry
        case .auditTrail: Schemas.auditTrail
        case .officerFeature: Schemas.officerFeature
        case .officerCollection: Schemas.officerCollection
        case .positionsInput: Schemas.positionsInput
        case .positionsReport: Schemas.positionsReport
        case .dutyInput: Schemas.dutyInput
        case .officerTrack: Schemas.officerTrack
        case .trackCoverage: Schemas.trackCoverage
        case .officerTasks: Schemas.officerTasks
        case .dispatchSuggestions: Schemas.dispatchSuggestions
        case .caseEvents: Schemas.caseEvents
        case .subscription: Schemas.subscription
        case .subscriptionList: Schemas.subscriptionList
        case .subscriptionInput: Schemas.subscriptionInput
        case .queryables: Schemas.queryables
        case .photo: Schemas.photo
        case .photoUploadForm: Schemas.photoUploadForm
        case .caseReportForm: Schemas.caseForm(jsonPart: "case", input: .caseReportInput, stages: ["report", "before"])
        case .caseTransitionForm: Schemas.caseForm(jsonPart: "transition", input: .caseTransitionInput, stages: ["after", "before"])
        case .dashboard: Schemas.dashboard
        case .indicatorFigures: Schemas.indicatorFigures
        case .rankedGroup: Schemas.rankedGroup
        case .mapCases: Schemas.mapCases
        case .mapHeat: Schemas.mapHeat
        case .mapBase: Schemas.mapBase
        }
    }

    /// `components.schemas`, in declaration order.
    static var components: JSONValue {
        .object(JSONObject(allCases.map { ($0.rawValue, $0.schema) }))
    }
}

/// The schemas' namespace; each `Schemas+Area.swift` adds one area's.
enum Schemas {}
