/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose output depends only on its seed, on
/// every platform and Swift version — unlike the standard library's `random(in:using:)` helpers, whose algorithm
/// may change, so the sample data draws through ``below(_:)`` and friends only.
///
/// Not for anything secret.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    ///
    /// - Parameter seed: Any value.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    ///
    /// - Returns: The value.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (multiply-shift; the bias is below 2⁻³² for the bounds used here).
    ///
    /// - Parameter bound: The exclusive upper bound, at least 1.
    /// - Returns: The value.
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `true` with a probability of `perMille`/1000.
    ///
    /// - Parameter perMille: The probability in thousandths (0–1000).
    /// - Returns: The outcome.
    package mutating func chance(perMille: Int) -> Bool { below(1000) < perMille }

    /// One element of a non-empty array, uniformly.
    ///
    /// - Parameter elements: The choices.
    /// - Returns: The choice.
    package mutating func pick<T>(_ elements: [T]) -> T { elements[below(elements.count)] }

    /// Shuffles an array in place (Fisher–Yates).
    ///
    /// - Parameter elements: The array.
    package mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, below(i + 1))
        }
    }
}
