import Foundation

/// A value computed on its own thread while the caller goes on; `value()` waits for it and rethrows its error. For
/// one piece of work beside another, such as parsing a package's history while its people are imported.
///
/// `@unchecked Sendable`: `result` is written once, by the worker, before it signals; it is read only after waiting.
final class Pending<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    /// The value, once computed (waits for it; may be asked again).
    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
