import CityModel
import CityQuery

/// Who the command line acts as: the operating-system user at the machine holding the store
/// (whoever can open its file or database can change it anyway), named in the audit trail as
/// `本机:USER` (`Caller.commandLine`).
enum LocalOperator {
    static var principal: Principal { Caller.commandLine("citygrid").principal }
}
