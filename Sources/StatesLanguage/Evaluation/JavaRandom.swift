/// `java.util.Random`: the 48-bit linear congruential generator, so that a seeded `States.MathRandom` gives the
/// numbers a JVM gives for the same seed.
package struct JavaRandom {
    private var seed: UInt64
    private static let multiplier: UInt64 = 0x5_DEEC_E66D
    private static let mask: UInt64 = (1 << 48) - 1

    package init(seed: Int64) {
        self.seed = (UInt64(bitPattern: seed) ^ Self.multiplier) & Self.mask
    }

    package mutating func next(bits: Int) -> Int32 {
        seed = (seed &* Self.multiplier &+ 0xB) & Self.mask
        return Int32(truncatingIfNeeded: Int64(bitPattern: seed) >> (48 - bits))
    }

    /// `Random.nextInt(bound)`: uniform in `0..<bound`; `bound` must be positive.
    mutating func nextInt(bound: Int32) -> Int32 {
        precondition(bound > 0)
        var r = next(bits: 31)
        let m = bound &- 1
        if bound & m == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(r)) >> 31)
        }
        var u = r
        while true {
            r = u % bound
            if u &- r &+ m >= 0 { break }  // Java relies on int overflow here.
            u = next(bits: 31)
        }
        return r
    }

    /// `Random.nextDouble()`: uniform in `0..<1` with 53 random bits.
    package mutating func nextDouble() -> Double {
        let high = Int64(next(bits: 26))
        let low = Int64(next(bits: 27))
        return Double((high << 27) + low) * 0x1.0p-53
    }
}
