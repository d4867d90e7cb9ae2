import Foundation

/// The one wrapper of glibc's iconv: a conversion descriptor owned by one object, closed in `deinit`. It keeps
/// its shift state between calls, so a stream converts chunk by chunk.
final class Iconv {
    private let descriptor: iconv_t

    /// Opens a conversion, e.g. `Iconv(from: "GB18030", to: "UTF-8")`; nil when the system cannot convert.
    init?(from: String, to: String) {
        guard let cd = iconv_open(to, from), cd != iconv_t(bitPattern: -1) else { return nil }
        descriptor = cd
    }

    deinit { iconv_close(descriptor) }

    /// What one call converted: the output, how many input bytes it consumed, and the error that stopped it
    /// (`EILSEQ` an invalid sequence, `EINVAL` a sequence cut at the end of the input), if any.
    struct Step {
        var output: [UInt8]
        var consumed: Int
        var failure: Int32?
    }

    /// Converts as much of `input` as it can (the output never needs more than twice the input plus a little).
    func convert(_ input: [UInt8]) -> Step {
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var input = input
        var step = Step(output: [], consumed: 0, failure: nil)
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if inBuf.count > 0 && iconv(descriptor, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                    step.failure = errno
                }
                step.consumed = inBuf.count - inLeft
                produced = outBuf.count - outLeft
            }
        }
        output.removeSubrange(produced...)
        step.output = output
        return step
    }
}

@available(*, unavailable, message: "an iconv descriptor keeps shift state and must stay on one thread")
extension Iconv: Sendable {}
