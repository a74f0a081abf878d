internal import CPROJ

/// One `PJ_CONTEXT` with the last message PROJ logged through it.
///
/// PROJ contexts are not thread-safe, and every `PJ` belongs to the context that made it, so each
/// `Transform` owns one context for its whole life (and locks around its use), and parsing a
/// coordinate system uses a short-lived context of its own. The network is switched off:
/// CityGrid runs offline and PROJ must use the grids and proj.db installed with proj-data.
final class ProjContext {
    let pointer: OpaquePointer
    /// PROJ reports details ("crs not found: EPSG:999999") only through its log; the errno says
    /// merely which kind of failure happened.
    private(set) var lastMessage: String?

    init() {
        guard let pointer = proj_context_create() else {
            fatalError("proj_context_create returned NULL (out of memory)")
        }
        self.pointer = pointer
        proj_context_set_enable_network(pointer, 0)
        // The log function receives `self` unretained: the context is destroyed in deinit, so it
        // never calls back into a freed object.
        proj_log_func(pointer, Unmanaged.passUnretained(self).toOpaque()) { userdata, level, message in
            guard let userdata, let message else { return }
            let context = Unmanaged<ProjContext>.fromOpaque(userdata).takeUnretainedValue()
            if level <= Int32(PJ_LOG_ERROR.rawValue) { context.lastMessage = String(cString: message) }
        }
    }

    deinit {
        proj_context_destroy(pointer)
    }

    func clearMessages() {
        lastMessage = nil
    }

    /// PROJ's explanation of the last failure: the logged message if any, else the errno text.
    func failureMessage(_ object: OpaquePointer? = nil) -> String {
        if let lastMessage { return lastMessage }
        let code = object.map { proj_errno($0) } ?? proj_context_errno(pointer)
        if code != 0, let text = proj_context_errno_string(pointer, code) { return String(cString: text) }
        return "PROJ gave no reason"
    }

    /// Runs one PROJ call that returns a new object (NULL on failure); the caller owns the result.
    func object(_ body: (OpaquePointer) -> OpaquePointer?, orThrow error: (String) -> ProjError) throws -> ProjObject {
        clearMessages()
        guard let result = body(pointer) else { throw error(failureMessage()) }
        return ProjObject(result)
    }
}

/// A `PJ` owned by exactly one Swift value and destroyed in its deinit. The context that made it
/// must outlive it.
struct ProjObject: ~Copyable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    consuming func release() -> OpaquePointer {
        let pointer = self.pointer
        discard self
        return pointer
    }

    deinit {
        proj_destroy(pointer)
    }
}
