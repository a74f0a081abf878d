/// One NOTIFY received on a channel this connection LISTENs to.
public struct PQNotification: Hashable, Sendable {
    public let channel: String
    public let payload: String
    /// The backend process that sent it (`PGnotify.be_pid`; compare `backendProcessID`).
    public let processID: Int32

    public init(channel: String, payload: String, processID: Int32) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
    }
}
