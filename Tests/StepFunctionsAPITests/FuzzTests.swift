import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Random damage to valid requests never crashes decoding and is always answered with a client error.
@Suite struct FuzzTests {
    /// Knuth's MMIX linear congruential generator: deterministic, so a failure repeats.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func damagedBodiesAreClientErrors() {
        var random = LCG(state: 6)
        let interesting = Array(#"{}[]":,\ 0-9eE.ntfarsu"#.utf8) + [0x00, 0xFF, 0xC3]
        var refused = 0
        for _ in 0..<3000 {
            let (action, body) = RequestDecodingTests.validBodies.randomElement(using: &random)!
            var bytes = Array(body.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                guard !bytes.isEmpty else { break }
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = interesting.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(interesting.randomElement(using: &random)!, at: index)
                default: bytes.removeSubrange(index...)
                }
            }
            do {
                _ = try StepFunctionsRequest.decode(action: action, body: bytes)
            } catch {
                refused += 1
                #expect((400..<500).contains(error.httpStatus), "\(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 1000)
    }
}
