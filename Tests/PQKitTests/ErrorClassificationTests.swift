import PQKit
import Testing
import TestSupport

/// What needs no server: how errors classify themselves, and what a failed connection says.
@Suite("Error classification")
struct ErrorClassificationTests {
    @Test func sqlStatesClassify() {
        func error(_ sqlState: String) -> PQError {
            .statement(sqlState: sqlState, message: "m", detail: nil, statement: "s")
        }
        #expect(error("23505").isUniqueViolation)
        #expect(error("40001").isSerializationFailure && error("40P01").isSerializationFailure)
        for sqlState in ["08000", "08006", "57P01", "57P02", "57P03"] {
            #expect(error(sqlState).isConnectionFailure, "\(sqlState)")
        }
        for sqlState in ["23505", "42601", "57014", "25P02"] {
            #expect(!error(sqlState).isConnectionFailure, "\(sqlState)")
        }
        #expect(PQError.connectionLost(message: "gone", statement: "").isConnectionFailure)
        #expect(PQError.connectionLost(message: "gone", statement: "").sqlState == nil)
    }

    /// A closed port: libpq's refusal comes back as `.connect`, naming the target without its password.
    @Test func aRefusedConnectionNamesItsTargetWithoutThePassword() {
        let port = TestPostgres.closedPort()
        let uri = "postgresql://citygrid:s3cret@127.0.0.1:\(port)/city?connect_timeout=2&password=other"
        let error = #expect(throws: PQError.self) { try PQConnection(uri: uri) }
        guard case .connect(let target, let message)? = error else {
            Issue.record("expected a connect error, got \(String(describing: error))")
            return
        }
        #expect(target == "postgresql://citygrid:***@127.0.0.1:\(port)/city?connect_timeout=2&password=***")
        #expect(message.contains("\(port)"))
        #expect(error?.isConnectionFailure == true)
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.description.contains("other") == false)
    }

    @Test func keywordValueConnectionStringsAreRedactedToo() {
        let port = TestPostgres.closedPort()
        let error = #expect(throws: PQError.self) {
            try PQConnection(uri: "host=127.0.0.1 port=\(port) password='it\\'s secret' dbname=city connect_timeout=2")
        }
        guard case .connect(let target, _)? = error else {
            Issue.record("expected a connect error, got \(String(describing: error))")
            return
        }
        #expect(target == "host=127.0.0.1 port=\(port) password=*** dbname=city connect_timeout=2")
    }
}
