import Foundation

/// `map` on every core, results in order: for independent work over many small items (decoding thousands of
/// report submissions, opening thousands of packages). Small inputs run on the calling thread.
package enum ConcurrentMap {
    package static func map<T: Sendable, U>(
        _ items: [T], minimum: Int = 16, _ transform: @Sendable (T) -> U
    ) -> [U] {
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount, 8, items.count)
        guard items.count >= minimum, chunks > 1 else { return items.map(transform) }
        let size = (items.count + chunks - 1) / chunks
        let results = Parts<U>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * size)..<min(items.count, (c + 1) * size)
            results.set(c, range.isEmpty ? [] : items[range].map(transform))
        }
        return results.joined
    }

    /// One slot per chunk, written once each under a lock.
    private final class Parts<U>: @unchecked Sendable {
        private var parts: [[U]]
        private let lock = NSLock()
        init(count: Int) { parts = Array(repeating: [], count: count) }
        func set(_ i: Int, _ value: [U]) {
            lock.lock()
            parts[i] = value
            lock.unlock()
        }
        var joined: [U] { parts.flatMap { $0 } }
    }
}
