import Foundation

/// A bounded queue of batches between two threads; closing it passes on the producer's error, cancelling it
/// stops the producer. Between an import's reader and its merge, and between a sheet's writer and its compressor.
package final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    // `@unchecked Sendable`: every stored property is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var error: (any Error)?

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a batch, waiting while the queue is full; throws `CancellationError` once the consumer gave up.
    package func put(_ batch: [Element]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The next batch, nil at the end; rethrows the producer's error.
    package func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let error { throw error }
        return nil
    }

    package func close(_ error: (any Error)?) {
        condition.lock()
        closed = true
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    /// How many batches wait for the consumer.
    package var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count
    }

    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
