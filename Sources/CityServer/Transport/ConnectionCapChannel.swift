import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Wraps the server's child channel (HTTP, or TLS then HTTP) so that one client address holds at
/// most `limit` connections: a connection beyond that is closed as soon as it is set up, before a
/// TLS handshake or a request is read. Closed rather than refused in `setup`: a child channel whose
/// setup fails is reported to the server channel as an error, and Hummingbird's server stops
/// accepting on any such error.
struct ConnectionCapChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let counter: ConnectionCounter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = ClientAddress.of(channel)
        let admitted = address.map { counter.open($0) } ?? true
        if admitted, let address {
            channel.closeFuture.whenComplete { _ in counter.close(address) }
        }
        return base.setup(channel: channel, logger: logger).map { value in
            if !admitted {
                logger.debug("closing a connection from \(address ?? "?"): over \(counter.limit) open from that address")
                channel.close(promise: nil)
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Open connections per client address, shared by every event loop.
final class ConnectionCounter: Sendable {
    let limit: Int
    private let counts = NIOLockedValueBox([String: Int]())

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection from `address`; false (and not counted) when it already has `limit`.
    func open(_ address: String) -> Bool {
        counts.withLockedValue { open in
            let count = open[address, default: 0]
            guard count < limit else { return false }
            open[address] = count + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLockedValue { open in
            let count = open[address, default: 0] - 1
            // An address with no connection left takes no memory.
            open[address] = count > 0 ? count : nil
        }
    }

    func count(_ address: String) -> Int { counts.withLockedValue { $0[address, default: 0] } }
}
