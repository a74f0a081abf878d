import GeoCore

/// Draws the generated names, numbers and codes from its own random stream. Names that must be
/// unique (communities, synthetic roads) are drawn without repetition.
struct NameMaker {
    var random: SplitMix64
    private var usedCommunities: Set<String> = []
    private var usedRoads: Set<String> = []

    init(random: SplitMix64) {
        self.random = random
    }

    mutating func personName() -> String {
        let surname = String(random.element(of: NameBank.surnames))
        let given = (0..<(random.chance(0.7) ? 2 : 1)).map { _ in String(random.element(of: NameBank.givenChars)) }
        return surname + given.joined()
    }

    mutating func communityName() -> String {
        for attempt in 0..<1000 {
            var name = random.element(of: NameBank.communityStems) + random.element(of: NameBank.communitySuffixes)
            if attempt > 200 { name += ["一", "二", "三", "四", "五"][attempt % 5] }
            name += "居委会"
            if usedCommunities.insert(name).inserted { return name }
        }
        let name = "第\(usedCommunities.count + 1)居委会"
        usedCommunities.insert(name)
        return name
    }

    /// A road name not drawn before in this run (`stem` + affix + kind, e.g. 溧阳北路).
    mutating func roadName() -> String {
        for _ in 0..<10_000 {
            let name = random.element(of: NameBank.roadStems) + random.element(of: NameBank.roadAffixes) + random.element(of: NameBank.roadKinds)
            if usedRoads.insert(name).inserted { return name }
        }
        let name = "规划\(usedRoads.count + 1)路"
        usedRoads.insert(name)
        return name
    }

    /// A Shanghai mobile number, written 139-xxxx-xxxx.
    mutating func phone() -> String {
        let prefix = random.element(of: ["139", "138", "137", "136", "135", "186", "189", "133", "158", "159"])
        return "\(prefix)-\(digits(4))-\(digits(4))"
    }

    mutating func digits(_ n: Int) -> String {
        String((0..<n).map { _ in Character(String(random.int(in: 0...9))) })
    }

    /// A unified social credit code (GB 32100-2015) registered in `district`: 9 (industry and
    /// commerce) 1 (enterprise), the six-digit district code, nine random characters, and the
    /// check character the standard defines.
    mutating func licenceNumber(district: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        var values = [9, 1] + String(district).map { Int(String($0))! }
        for _ in 0..<9 { values.append(random.int(in: 0...30)) }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        values.append((31 - sum % 31) % 31)
        return String(values.map { alphabet[$0] })
    }

    mutating func shopName(sign: [String]) -> String {
        random.element(of: NameBank.shopStems) + random.element(of: sign)
    }
}
