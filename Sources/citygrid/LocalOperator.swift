import CityModel
import Foundation

/// Who the command line acts as: the operating-system user at the machine holding the store
/// (whoever can open its file or database can change it anyway), named in the audit trail as
/// `本机:USER`. $USER first, else the password database's name for the real user id.
enum LocalOperator {
    static var principal: Principal { Principal(.localOperator(user: user)) }

    static var user: String {
        if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
