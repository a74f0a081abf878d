internal import CGEOS
import Foundation

/// One GEOS context handle (`GEOS_init_r`) with the messages GEOS reported through it.
///
/// Why contexts are owned this way: a GEOS handle is not thread-safe (it holds the last error,
/// the message handlers and scratch state), and every `GEOSGeometry` belongs to the handle that
/// made it. `GEOS_init_r` is cheap but not free, and GEOSwift's one-context-per-operation costs an
/// allocation and handler setup on every predicate. So each thread lazily makes one context
/// (`GEOSContext.current`, kept under a pthread key whose destructor finishes it when the thread
/// exits) and every GEOSKit operation runs synchronously on it: GEOS objects made during an
/// operation are freed before it returns, never cross a suspension point and never leave the
/// thread. Only `PreparedGeometry` keeps GEOS objects for longer, and it owns a private context.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The last error message since `clearMessages()`; GEOS reports exceptions only through the
    /// handler, the return value merely says that one happened.
    private(set) var lastError: String?
    /// Notices (GEOS uses them for non-fatal remarks such as why a geometry is invalid).
    private(set) var lastNotice: String?

    init() {
        guard let handle = GEOS_init_r() else {
            // GEOS_init_r fails only when it cannot allocate: nothing sensible can follow.
            fatalError("GEOS_init_r returned NULL (out of memory)")
        }
        self.handle = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        // The handlers receive `self` unretained: the context finishes the handle in deinit, so the
        // handle never outlives the object its userdata points to.
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, me)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastNotice = message.map { String(cString: $0) }
        }, me)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    func clearMessages() {
        lastError = nil
        lastNotice = nil
    }

    /// The calling thread's context, made on first use.
    static var current: GEOSContext {
        if let raw = pthread_getspecific(threadKey) {
            return Unmanaged<GEOSContext>.fromOpaque(raw).takeUnretainedValue()
        }
        let context = GEOSContext()
        // The key holds one retain; the key's destructor releases it when the thread ends.
        pthread_setspecific(threadKey, Unmanaged.passRetained(context).toOpaque())
        return context
    }
}

/// The pthread key under which each thread keeps its `GEOSContext`. A global `let` is initialised
/// once, thread-safely, on first use.
private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    // Runs on thread exit (not for the main thread, whose context lives as long as the process).
    // Glibc passes the value as an optional pointer, Darwin as a non-optional one.
    #if canImport(Glibc)
    let status = pthread_key_create(&key) { raw in
        guard let raw else { return }
        Unmanaged<GEOSContext>.fromOpaque(raw).release()
    }
    #else
    let status = pthread_key_create(&key) { raw in
        Unmanaged<GEOSContext>.fromOpaque(raw).release()
    }
    #endif
    precondition(status == 0, "pthread_key_create failed: \(status)")
    return key
}()
