/// Where a case stands in the closed loop (闭环管理).
public enum CaseStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case reported, registered, dispatched, handled, verified, closed
    /// 不予立案: the centre decided at registration that it is not a case.
    case notRegistered
    /// 行刑衔接: handed to the police; the administrative clock stops.
    case escalated
    case cancelled
    /// Merged into an earlier case about the same incident (`ViolationCase.duplicateOf`).
    case mergedAsDuplicate

    public var labelZH: String {
        switch self {
        case .reported: "上报"
        case .registered: "立案"
        case .dispatched: "派遣"
        case .handled: "处置"
        case .verified: "核查"
        case .closed: "结案"
        case .notRegistered: "不予立案"
        case .escalated: "移送公安"
        case .cancelled: "作废"
        case .mergedAsDuplicate: "合并重复"
        }
    }

    /// No event leaves a terminal state.
    public var isTerminal: Bool {
        switch self {
        case .closed, .notRegistered, .cancelled, .mergedAsDuplicate: true
        default: false
        }
    }

    /// The loop is not closed yet and the case is still in the street (an escalated case is with
    /// the police).
    public var isOpen: Bool { !isTerminal && self != .escalated }

    /// Registered and open: the administrative clock runs, so the case can be overdue.
    public var isOnTheClock: Bool { isOpen && self != .reported }
}

/// How a case came in.
public enum CaseSource: String, CaseIterable, Hashable, Sendable, Codable {
    case patrol, hotline12345, camera, media, complaint

    public var labelZH: String {
        switch self {
        case .patrol: "巡查发现"
        case .hotline12345: "12345热线"
        case .camera: "视频监控"
        case .media: "媒体曝光"
        case .complaint: "投诉举报"
        }
    }
}

/// Who a case is dispatched to.
public enum Assignment: Hashable, Sendable {
    /// A department of the departments table, by code.
    case department(code: String)
    /// A sub-district's joint street team (联勤队伍) or community enforcement office.
    case gridTeam(id: String)
    /// The road chief (路长) of the segment where the case is.
    case roadChief(id: String)
    /// One enforcement officer (执法队员), chosen by who reaches the case soonest on the streets.
    case officer(id: String)

    public var id: String {
        switch self {
        case .department(let code): code
        case .gridTeam(let id), .roadChief(let id), .officer(let id): id
        }
    }

    public var labelZH: String {
        switch self {
        case .department: "职能部门"
        case .gridTeam: "网格队伍"
        case .roadChief: "路长"
        case .officer: "执法队员"
        }
    }
}
